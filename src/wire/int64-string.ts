/**
 * 64-bit integer fields as decimal strings (`rxwire-gen --int64 string`, and
 * every 64-bit map key). Free functions, so bundles that do not need them
 * leave them out.
 *
 * @module
 */
import type { Reader } from "./reader.js";
import type { Writer } from "./writer.js";

const TWO_32 = 4294967296;
/** `hi` below this means `hi * 2^32 + lo` is a safe integer. */
const SAFE_HI = 0x200000;

/** Unsigned lo/hi of `r` as a decimal string. */
function unsigned(r: Reader): string {
  const hi = r.hi;
  if (hi < SAFE_HI) return String(hi * TWO_32 + r.lo);
  return r.u64Big().toString();
}

/** Signed lo/hi of `r` as a decimal string. */
function signed(r: Reader): string {
  const hi = r.hi;
  if (hi < SAFE_HI) return String(hi * TWO_32 + r.lo);
  if (hi >= 0xffe00000) return String((hi - TWO_32) * TWO_32 + r.lo);
  return r.s64Big().toString();
}

/**
 * The value of a canonical decimal string: no sign on zero, no leading zeros.
 * Only the canonical form is accepted because presence is decided by comparing
 * with "0": "-0" or "00" would be zero on the wire yet written as if set.
 */
function parseDecimal(w: Writer, v: string): bigint {
  if (typeof v !== "string" || !/^(?:0|-?[1-9][0-9]*)$/.test(v)) {
    throw w.error(`not a canonical decimal integer string (no leading zeros, no "-0"): ${JSON.stringify(v)}`);
  }
  return BigInt(v);
}

/** Sets w.lo/w.hi from a signed decimal string; EncodeError when malformed or out of range. */
function splitSigned(w: Writer, v: string): void {
  w.splitS64Big(parseDecimal(w, v));
}

/** Sets w.lo/w.hi from an unsigned decimal string; EncodeError when malformed or out of range. */
function splitUnsigned(w: Writer, v: string): void {
  w.splitU64Big(parseDecimal(w, v));
}

/** Reads a `int64` field as a string. */
export function readInt64Str(r: Reader): string {
  r.varint64();
  return signed(r);
}

/** Size pass of a `int64` field given as a string: records its halves, returns its varint size. */
export function sizeInt64Str(w: Writer, v: string): number {
  splitSigned(w, v);
  return w.recordHalves();
}

/** Write pass of a `int64` field: the halves recorded by the size pass. */
export function writeInt64Str(w: Writer, v: string): void {
  void v;
  w.varint64Recorded();
}

/** Reads a `uint64` field as a string. */
export function readUint64Str(r: Reader): string {
  r.varint64();
  return unsigned(r);
}

/** Size pass of a `uint64` field given as a string: records its halves, returns its varint size. */
export function sizeUint64Str(w: Writer, v: string): number {
  splitUnsigned(w, v);
  return w.recordHalves();
}

/** Write pass of a `uint64` field: the halves recorded by the size pass. */
export function writeUint64Str(w: Writer, v: string): void {
  void v;
  w.varint64Recorded();
}

/** Reads a `sint64` field as a string. */
export function readSint64Str(r: Reader): string {
  r.varint64();
  r.unzigzag();
  return signed(r);
}

/** Size pass of a `sint64` field given as a string: records its halves, returns its varint size. */
export function sizeSint64Str(w: Writer, v: string): number {
  splitSigned(w, v);
  w.zigzag();
  return w.recordHalves();
}

/** Write pass of a `sint64` field: the halves recorded by the size pass. */
export function writeSint64Str(w: Writer, v: string): void {
  void v;
  w.varint64Recorded();
}

/** Reads a `fixed64` field as a string. */
export function readFixed64Str(r: Reader): string {
  r.fixed64();
  return unsigned(r);
}

/** Writes a `fixed64` field given as a string. */
export function writeFixed64Str(w: Writer, v: string): void {
  splitUnsigned(w, v);
  w.fixed64(w.lo, w.hi);
}

/** Reads a `sfixed64` field as a string. */
export function readSfixed64Str(r: Reader): string {
  r.fixed64();
  return signed(r);
}

/** Writes a `sfixed64` field given as a string. */
export function writeSfixed64Str(w: Writer, v: string): void {
  splitSigned(w, v);
  w.fixed64(w.lo, w.hi);
}
