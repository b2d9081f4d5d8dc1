/**
 * Map fields decode into plain objects keyed by the key's canonical string
 * (string keys as-is, integers in decimal, bools as "true"/"false").
 *
 * @module
 */

import type { Writer } from "./writer.js";

/**
 * Sets `map[key] = value`, defining `"__proto__"` as an own property instead of
 * letting it replace the object's prototype.
 */
export function setMapEntry<V>(map: { [key: string]: V }, key: string, value: V): void {
  if (key === "__proto__") {
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    map[key] = value;
  }
}

/**
 * A 32-bit integer map key from its canonical decimal string (as decode
 * produces it: no leading zeros, no "-0"); EncodeError otherwise. The key
 * type's range is checked where the number is written.
 */
export function mapKey32(w: Writer, key: string): number {
  const n = Number(key);
  // Two keys that differ only in form ("7", "007") would be two entries of one key on the wire.
  if (!Number.isSafeInteger(n) || String(n) !== key) throw w.error(`map key is not a canonical decimal integer: ${JSON.stringify(key)}`);
  return n;
}

/** A bool map key from "true" / "false"; EncodeError otherwise. */
export function mapKeyBool(w: Writer, key: string): boolean {
  if (key === "true") return true;
  if (key === "false") return false;
  throw w.error(`bool map key must be "true" or "false": ${JSON.stringify(key)}`);
}
