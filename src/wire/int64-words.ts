/**
 * One 64-bit scratch slot, seen as two 32-bit words and as a signed and an
 * unsigned 64-bit integer. Moving a 64-bit value between a bigint and its two
 * halves through it is a typed-array store and two loads (or two stores and
 * a load), exact for every value, where `Number(bigint)`, `BigInt(number)`
 * and bigint shifts are runtime calls of 45–85 ns each.
 *
 * The reader and the writer share the slot: both run synchronously and never
 * hold a value in it across a call.
 *
 * @module
 */

/** The slot as two unsigned 32-bit words, in the platform's byte order. */
export const int64Words: Uint32Array = new Uint32Array(2);
/** The slot as an unsigned 64-bit integer. */
export const uint64View: BigUint64Array = new BigUint64Array(int64Words.buffer);
/** The slot as a signed 64-bit integer (stores of any bigint wrap modulo 2^64). */
export const int64View: BigInt64Array = new BigInt64Array(int64Words.buffer);

/** True on little-endian platforms (all mainstream ones). */
export const littleEndian: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Index of the low 32-bit word in {@link int64Words}. */
export const LO_WORD: number = littleEndian ? 0 : 1;
/** Index of the high 32-bit word in {@link int64Words}. */
export const HI_WORD: number = littleEndian ? 1 : 0;
