/**
 * 64-bit integer fields as JavaScript numbers (`rxwire-gen --int64 number`).
 * Values beyond Number.MAX_SAFE_INTEGER are reported (DecodeError /
 * EncodeError), never rounded. Free functions, so bundles of code generated
 * with the default `--int64 bigint` leave them out.
 *
 * @module
 */
import type { Reader } from "./reader.js";
import type { Writer } from "./writer.js";

const TWO_32 = 4294967296;
/** `hi` below this means `hi * 2^32 + lo` is a safe integer. */
const SAFE_HI = 0x200000;

/** Unsigned lo/hi of `r` as a number; DecodeError when not a safe integer. */
function unsigned(r: Reader, type = "uint64"): number {
  const hi = r.hi;
  if (hi >= SAFE_HI) throw r.error(`${type} value exceeds Number.MAX_SAFE_INTEGER (use --int64 bigint or string)`);
  return hi * TWO_32 + r.lo;
}

/** Signed lo/hi of `r` as a number; DecodeError when not a safe integer. */
function signed(r: Reader): number {
  const hi = r.hi;
  if (hi < 0x80000000) return unsigned(r, "int64");
  const value = (hi - TWO_32) * TWO_32 + r.lo;
  if (value < -Number.MAX_SAFE_INTEGER) throw r.error("int64 value below -Number.MAX_SAFE_INTEGER (use --int64 bigint or string)");
  return value;
}

/** Sets w.lo/w.hi from a signed safe integer; EncodeError otherwise. */
function splitSigned(w: Writer, v: number): void {
  if (!Number.isSafeInteger(v)) throw w.error(`int64 value is not a safe integer: ${v}`);
  w.splitNumber(v);
}

/** Sets w.lo/w.hi from a non-negative safe integer; EncodeError otherwise. */
function splitUnsigned(w: Writer, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw w.error(`uint64 value is not a non-negative safe integer: ${v}`);
  w.lo = v >>> 0;
  w.hi = (v / TWO_32) >>> 0;
}

/** Reads a `int64` field as a number. */
export function readInt64Num(r: Reader): number {
  r.varint64();
  return signed(r);
}

/** Size pass of a `int64` field given as a number: records its halves, returns its varint size. */
export function sizeInt64Num(w: Writer, v: number): number {
  splitSigned(w, v);
  return w.recordHalves();
}

/** Write pass of a `int64` field: the halves recorded by the size pass. */
export function writeInt64Num(w: Writer, v: number): void {
  void v;
  w.varint64Recorded();
}

/** Reads a `uint64` field as a number. */
export function readUint64Num(r: Reader): number {
  r.varint64();
  return unsigned(r);
}

/** Size pass of a `uint64` field given as a number: records its halves, returns its varint size. */
export function sizeUint64Num(w: Writer, v: number): number {
  splitUnsigned(w, v);
  return w.recordHalves();
}

/** Write pass of a `uint64` field: the halves recorded by the size pass. */
export function writeUint64Num(w: Writer, v: number): void {
  void v;
  w.varint64Recorded();
}

/** Reads a `sint64` field as a number. */
export function readSint64Num(r: Reader): number {
  r.varint64();
  r.unzigzag();
  return signed(r);
}

/** Size pass of a `sint64` field given as a number: records its halves, returns its varint size. */
export function sizeSint64Num(w: Writer, v: number): number {
  splitSigned(w, v);
  w.zigzag();
  return w.recordHalves();
}

/** Write pass of a `sint64` field: the halves recorded by the size pass. */
export function writeSint64Num(w: Writer, v: number): void {
  void v;
  w.varint64Recorded();
}

/** Reads a `fixed64` field as a number. */
export function readFixed64Num(r: Reader): number {
  r.fixed64();
  return unsigned(r);
}

/** Writes a `fixed64` field given as a number. */
export function writeFixed64Num(w: Writer, v: number): void {
  splitUnsigned(w, v);
  w.fixed64(w.lo, w.hi);
}

/** Reads a `sfixed64` field as a number. */
export function readSfixed64Num(r: Reader): number {
  r.fixed64();
  return signed(r);
}

/** Writes a `sfixed64` field given as a number. */
export function writeSfixed64Num(w: Writer, v: number): void {
  splitSigned(w, v);
  w.fixed64(w.lo, w.hi);
}
