/**
 * Shared scratch buffers for IEEE 754 conversions: a value is written through a
 * typed-array view and its bytes copied out (or the reverse), without a DataView
 * per message. Byte order is normalised to little-endian at load time.
 *
 * @module
 */

const f32 = new Float32Array(1);
const f64 = new Float64Array(1);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** @internal Little-endian byte view of {@link float32View}'s single element. */
export const float32Bytes: Uint8Array = littleEndian ? new Uint8Array(f32.buffer) : reversedView(f32.buffer, 4);
/** @internal */
export const float32View: Float32Array = f32;
/** @internal Little-endian byte view of {@link float64View}'s single element. */
export const float64Bytes: Uint8Array = littleEndian ? new Uint8Array(f64.buffer) : reversedView(f64.buffer, 8);
/** @internal */
export const float64View: Float64Array = f64;

function reversedView(buffer: ArrayBuffer, size: number): Uint8Array {
  // Big-endian hosts are rare; a proxy-free fallback would need per-byte index
  // mapping in every caller, so refuse loudly instead of corrupting floats.
  void buffer;
  throw new Error(`rxwire/wire: big-endian hosts are not supported (float${size * 8})`);
}
