/**
 * The `create(init)` half of generated codecs: field values from a partial
 * message over the defaults.
 *
 * @module
 */

/**
 * Copies the own enumerable properties of `init` onto `target`, except those
 * whose value is `undefined` (an omitted field keeps its proto3 default, as
 * `Partial<T>` lets callers write `{ text: undefined }`; encoding `undefined`
 * would fail or put NaN on the wire) and `"__proto__"` (no message field has
 * that name, and assigning it would replace `target`'s prototype).
 */
export function assignDefined<T extends object>(target: T, init: Partial<T>): void {
  const out = target as Record<string, unknown>;
  const source = init as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value !== undefined && key !== "__proto__") out[key] = value;
  }
}
