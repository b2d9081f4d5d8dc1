/**
 * UTF-8 for protobuf strings: exact byte length, an ASCII fast path for short
 * strings, and the platform TextEncoder/TextDecoder for the rest. The decoder is
 * `fatal`, so invalid UTF-8 is reported instead of being mangled into U+FFFD
 * (on Node a faster native slice, checked for U+FFFD, comes first).
 *
 * @module
 */

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * Strings at most this long (in bytes or UTF-16 units) go through the plain JS
 * loops; longer ones through the native coder, whose call overhead only pays
 * off on longer input.
 */
const SHORT_STRING = 32;

/**
 * Number of bytes `text` takes as UTF-8, or -1 when it holds a lone surrogate
 * (not valid Unicode, so it has no UTF-8 form; TextEncoder would silently write
 * U+FFFD instead).
 */
export function utf8Length(text: string): number {
  const n = text.length;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c < 0xd800 || c > 0xdfff) {
      bytes += 2;
    } else {
      const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) return -1;
      // A surrogate pair: 2 UTF-16 units, 4 bytes.
      bytes += 2;
      i++;
    }
  }
  return bytes;
}

type MaybeWellFormed = { isWellFormed?: () => boolean };

/**
 * True when `text` has no lone surrogates. Uses the native
 * `String.prototype.isWellFormed` (ES2024) where present.
 * @internal
 */
export function isWellFormed(text: string): boolean {
  const native = (text as unknown as MaybeWellFormed).isWellFormed;
  return typeof native === "function" ? native.call(text) : utf8Length(text) >= 0;
}

/**
 * Writes `text` as UTF-8 into `buf` at `pos`; `byteLength` must be
 * `utf8Length(text)`. Returns the position after the last byte written.
 * @internal
 */
export function writeUtf8(text: string, byteLength: number, buf: Uint8Array, pos: number): number {
  const n = text.length;
  if (byteLength === n && n <= SHORT_STRING) {
    for (let i = 0; i < n; i++) buf[pos + i] = text.charCodeAt(i);
    return pos + n;
  }
  encoder.encodeInto(text, buf.subarray(pos, pos + byteLength));
  return pos + byteLength;
}

/**
 * Node's native UTF-8 slice, `Buffer.prototype.utf8Slice`, when running on
 * Node (feature-detected: no `node:buffer` import, this file runs in browsers
 * too, where a bundler's `Buffer` polyfill is not what we want). It accepts
 * any Uint8Array receiver, not only Buffers.
 */
const onNode = typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === "string";
const nodeUtf8Slice = onNode ? (globalThis as { Buffer?: { prototype?: { utf8Slice?: unknown } } }).Buffer?.prototype?.utf8Slice : undefined;
const utf8Slice =
  typeof nodeUtf8Slice === "function" ? (nodeUtf8Slice as (this: Uint8Array, start: number, end: number) => string) : undefined;

/**
 * Decodes through the platform; `undefined` when the bytes are not valid
 * UTF-8. On Node, `utf8Slice` (no subarray, no TextDecoder call) is about
 * twice as fast; it maps invalid input to U+FFFD like any WHATWG decoder, so a
 * result free of U+FFFD proves the bytes were valid. Anything else goes
 * through the fatal TextDecoder, which throws on invalid input and decodes a
 * genuine U+FFFD.
 */
function decodeNative(buf: Uint8Array, start: number, end: number): string | undefined {
  if (utf8Slice !== undefined) {
    const text = utf8Slice.call(buf, start, end);
    if (!text.includes("\uFFFD")) return text;
  }
  try {
    return decoder.decode(buf.subarray(start, end));
  } catch {
    return undefined;
  }
}

const fromCharCode = String.fromCharCode;
/** Reused argument list for {@link readUtf8}'s medium-length ASCII path. */
const codes: number[] = [];

/**
 * Decodes `buf[start, end)` as UTF-8; `undefined` when it is not valid UTF-8
 * (the reader reports that as a DecodeError).
 *
 * Short ASCII strings skip the TextDecoder call (whose fixed cost dominates
 * below ~32 bytes): up to 8 bytes through one `String.fromCharCode` call with
 * explicit arguments (a flat string, no concatenation), up to 32 through a
 * reused argument array.
 * @internal
 */
export function readUtf8(buf: Uint8Array, start: number, end: number): string | undefined {
  const n = end - start;
  if (n > SHORT_STRING) return decodeNative(buf, start, end);
  if (n <= 8) {
    let or = 0;
    for (let i = start; i < end; i++) or |= buf[i] as number;
    if (or >= 0x80) return decodeNative(buf, start, end);
    const b = buf;
    const s = start;
    switch (n) {
      case 0:
        return "";
      case 1:
        return fromCharCode(b[s] as number);
      case 2:
        return fromCharCode(b[s] as number, b[s + 1] as number);
      case 3:
        return fromCharCode(b[s] as number, b[s + 1] as number, b[s + 2] as number);
      case 4:
        return fromCharCode(b[s] as number, b[s + 1] as number, b[s + 2] as number, b[s + 3] as number);
      case 5:
        return fromCharCode(b[s] as number, b[s + 1] as number, b[s + 2] as number, b[s + 3] as number, b[s + 4] as number);
      case 6:
        return fromCharCode(b[s] as number, b[s + 1] as number, b[s + 2] as number, b[s + 3] as number, b[s + 4] as number, b[s + 5] as number);
      case 7:
        return fromCharCode(
          b[s] as number,
          b[s + 1] as number,
          b[s + 2] as number,
          b[s + 3] as number,
          b[s + 4] as number,
          b[s + 5] as number,
          b[s + 6] as number,
        );
      default:
        return fromCharCode(
          b[s] as number,
          b[s + 1] as number,
          b[s + 2] as number,
          b[s + 3] as number,
          b[s + 4] as number,
          b[s + 5] as number,
          b[s + 6] as number,
          b[s + 7] as number,
        );
    }
  }
  codes.length = n;
  for (let i = 0; i < n; i++) {
    const c = buf[start + i] as number;
    if (c >= 0x80) return decodeNative(buf, start, end);
    codes[i] = c;
  }
  return fromCharCode.apply(null, codes);
}

/** Slots of {@link readMapKey}'s cache (a power of two). */
const KEY_CACHE_SLOTS = 256;
/** The last ASCII map key decoded per slot; "" is an empty slot. */
const keyCache: string[] = new Array<string>(KEY_CACHE_SLOTS).fill("");

/**
 * {@link readUtf8} for string map keys, through a small cache of the keys seen
 * before. A map decodes into a plain object, and storing a property under a
 * freshly decoded string makes V8 hash it and look it up in its string table
 * on every store: ~90 ns per entry, against ~15 ns for a key string it has
 * seen (measured on three-entry maps). Real feeds repeat the same few keys, so
 * handing back the cached string skips that work and the allocation.
 *
 * The slot comes from the length and three of the bytes (first, middle, last),
 * and a hit is confirmed byte for byte, so the bytes are read once. Bounded:
 * 256 slots of ASCII keys up to 32 bytes, a slot overwritten on a miss, so
 * unseen or hostile keys cost a compare each, never memory.
 * @internal
 */
export function readMapKey(buf: Uint8Array, start: number, end: number): string | undefined {
  const n = end - start;
  if (n === 0 || n > SHORT_STRING) return readUtf8(buf, start, end);
  const first = buf[start] as number;
  const middle = buf[start + (n >> 1)] as number;
  const last = buf[end - 1] as number;
  const slot = (((n * 31 + first) * 31 + middle) * 31 + last) & (KEY_CACHE_SLOTS - 1);
  const cached = keyCache[slot] as string;
  if (cached.length === n) {
    let i = 0;
    while (i < n && cached.charCodeAt(i) === buf[start + i]) i++;
    // A cached key is ASCII, so a full match proves these bytes are too.
    if (i === n) return cached;
  }
  const key = readUtf8(buf, start, end);
  // As many UTF-16 units as bytes means ASCII (valid UTF-8 beyond ASCII is shorter).
  if (key !== undefined && key.length === n) keyCache[slot] = key;
  return key;
}
