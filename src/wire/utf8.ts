/**
 * UTF-8 for protobuf strings: exact byte length, an ASCII fast path for short
 * strings, and the platform TextEncoder/TextDecoder for the rest. The decoder is
 * `fatal`, so invalid UTF-8 is reported instead of being mangled into U+FFFD.
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
 * Number of bytes `text` takes as UTF-8. Lone surrogates count as the 3 bytes
 * of U+FFFD, which is what {@link writeUtf8} (via TextEncoder) writes for them.
 * @internal
 */
export function utf8Length(text: string): number {
  const n = text.length;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        // A surrogate pair: 2 UTF-16 units, 4 bytes.
        bytes += 2;
        i++;
      } else {
        bytes += 2;
      }
    } else {
      bytes += 2;
    }
  }
  return bytes;
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
 * Decodes `buf[start, end)` as UTF-8. Throws a `TypeError` (from the fatal
 * TextDecoder) on invalid UTF-8; the reader turns it into a DecodeError.
 * @internal
 */
export function readUtf8(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_STRING) {
    let text = "";
    for (let i = start; i < end; i++) {
      const c = buf[i] as number;
      if (c >= 0x80) return decoder.decode(buf.subarray(start, end));
      text += String.fromCharCode(c);
    }
    return text;
  }
  return decoder.decode(buf.subarray(start, end));
}
