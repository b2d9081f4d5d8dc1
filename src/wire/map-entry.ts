/**
 * Map fields decode into plain objects keyed by the key's canonical string
 * (string keys as-is, integers in decimal, bools as "true"/"false").
 *
 * @module
 */

/**
 * Sets `map[key] = value`, defining `"__proto__"` as an own property instead of
 * letting it replace the object's prototype.
 * @internal
 */
export function setMapEntry<V>(map: { [key: string]: V }, key: string, value: V): void {
  if (key === "__proto__") {
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    map[key] = value;
  }
}
