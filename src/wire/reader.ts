/**
 * The decoding half of the wire runtime: a cursor over a Uint8Array that reads
 * protobuf wire-format primitives. Generated `decode` functions drive it with
 * straight-line code; every read is bounds-checked and every failure is a
 * {@link DecodeError} carrying the byte offset.
 *
 * @module
 */
import { DecodeError } from "../errors.js";
import { readMapKey, readUtf8 } from "./utf8.js";
import { floatBytes, floatView } from "./float.js";
import { HI_WORD, int64View, int64Words, LO_WORD, uint64View } from "./int64-words.js";
import { MAX_DEPTH } from "./limits.js";

export { MAX_DEPTH };

const EMPTY = new Uint8Array(0);

/**
 * lo/hi to bigint through a 64-bit typed array: two 32-bit stores and one
 * 64-bit load is about half the cost of `BigInt(number)` (a runtime call) for
 * values past the Smi range, and exact for every value, signed or not.
 */
function storeWords(lo: number, hi: number): void {
  int64Words[LO_WORD] = lo;
  int64Words[HI_WORD] = hi;
}

/**
 * A read cursor over protobuf bytes. Reads `buf` in place (works on a Node
 * Buffer or any subarray, whatever its byteOffset) and never copies or
 * allocates from a length it has not checked against the end of the input.
 */
export class Reader {
  /** The bytes being decoded. */
  buf: Uint8Array = EMPTY;
  /** Offset of the next byte to read. */
  pos = 0;
  /** One past the last readable byte (`buf.length`). */
  len = 0;
  /** Low 32 bits (unsigned) of the last {@link Reader.varint64} read. */
  lo = 0;
  /** High 32 bits (unsigned) of the last {@link Reader.varint64} read. */
  hi = 0;

  /** Fully qualified name of the top-level message being decoded, for errors. */
  typeName = "";

  constructor(buf: Uint8Array, typeName = "") {
    this.begin(buf, typeName);
  }

  /**
   * Points this reader at the start of `buf` and returns it. Generated
   * `decode` reuses one shared reader ({@link reader}) this way instead of
   * allocating one per message; decoding never calls back into user code, so
   * the shared reader cannot be re-entered.
   */
  begin(buf: Uint8Array, typeName: string): this {
    if (!(buf instanceof Uint8Array)) throw new DecodeError(`${typeName}: decode expects a Uint8Array`, { typeName });
    this.buf = buf;
    this.pos = 0;
    this.len = buf.length;
    this.typeName = typeName;
    return this;
  }

  /** Drops the reference to the input (so the shared reader does not pin a large frame) and returns `message`. */
  done<T>(message: T): T {
    this.buf = EMPTY;
    this.len = 0;
    this.pos = 0;
    return message;
  }

  /** A DecodeError at the current offset. */
  error(message: string): DecodeError {
    return this.errorAt(this.pos, message);
  }

  /** Throws unless the cursor sits exactly at `end` (the end of a message or packed run). */
  checkEnd(end: number): void {
    if (this.pos !== end) throw this.error(`field overruns its enclosing message (at ${this.pos}, end ${end})`);
  }

  /** Throws when `depth` exceeds {@link MAX_DEPTH}. */
  checkDepth(depth: number): void {
    if (depth > MAX_DEPTH) throw this.error(`message nesting deeper than ${MAX_DEPTH}`);
  }

  /** Reads a field tag; rejects field number 0 and tags wider than 32 bits. */
  tag(): number {
    const buf = this.buf;
    const pos = this.pos;
    if (pos < this.len) {
      const b = buf[pos] as number;
      if (b < 0x80) {
        this.pos = pos + 1;
        if (b < 8) throw this.error("invalid field number 0");
        return b;
      }
      // Two bytes: field numbers 16-2047, such as most oneof members.
      const b2 = pos + 1 < this.len ? (buf[pos + 1] as number) : 0x80;
      if (b2 < 0x80) {
        const tag = (b & 0x7f) | (b2 << 7);
        this.pos = pos + 2;
        if (tag < 8) throw this.error("invalid field number 0");
        return tag;
      }
    }
    const tag = this.varint32(true) >>> 0;
    if (tag >>> 3 === 0) throw this.error("invalid field number 0");
    return tag;
  }

  /**
   * Reads a varint and returns its low 32 bits as a signed int32 (`| 0`), or,
   * when `unsignedOnly`, requires it to fit 32 bits (tags, lengths).
   */
  varint32(unsignedOnly = false): number {
    const buf = this.buf;
    let pos = this.pos;
    const len = this.len;
    if (pos >= len) throw this.error("truncated varint");
    let b = buf[pos++] as number;
    let value = b & 0x7f;
    if (b < 0x80) {
      this.pos = pos;
      return value;
    }
    for (let shift = 7; shift < 35; shift += 7) {
      if (pos >= len) throw this.errorAt(pos, "truncated varint");
      b = buf[pos++] as number;
      value |= (b & 0x7f) << shift;
      if (b < 0x80) {
        if (unsignedOnly && shift === 28 && b > 0x0f) throw this.errorAt(pos, "varint wider than 32 bits");
        this.pos = pos;
        return value;
      }
    }
    if (unsignedOnly) throw this.errorAt(pos, "varint wider than 32 bits");
    // Bytes 6-10 of a 64-bit varint carry only high bits: drop them.
    for (let i = 0; i < 5; i++) {
      if (pos >= len) throw this.errorAt(pos, "truncated varint");
      b = buf[pos++] as number;
      if (b < 0x80) {
        this.pos = pos;
        return value;
      }
    }
    throw this.errorAt(pos, "varint longer than 10 bytes");
  }

  /**
   * Reads a varint into {@link Reader.lo} / {@link Reader.hi}, and into the
   * int64 slot, so that the bigint readers take the value with one load.
   */
  varint64(): void {
    const buf = this.buf;
    let pos = this.pos;
    const len = this.len;
    let lo = 0;
    let hi = 0;
    let b = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= len) throw this.errorAt(pos, "truncated varint");
      b = buf[pos++] as number;
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        this.lo = lo >>> 0;
        this.hi = 0;
        storeWords(lo, 0);
        return;
      }
    }
    // 5th byte: 4 bits to lo, 3 bits to hi.
    if (pos >= len) throw this.errorAt(pos, "truncated varint");
    b = buf[pos++] as number;
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b >= 0x80) {
      for (let shift = 3; ; shift += 7) {
        if (pos >= len) throw this.errorAt(pos, "truncated varint");
        if (shift > 31) throw this.errorAt(pos, "varint longer than 10 bytes");
        b = buf[pos++] as number;
        hi |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
    }
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
    storeWords(lo, hi);
  }

  /** `int32` / enum: a varint truncated to a signed 32-bit value. */
  int32(): number {
    const buf = this.buf;
    const pos = this.pos;
    if (pos < this.len) {
      const b = buf[pos] as number;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    return this.varint32();
  }

  /** `uint32`: a varint truncated to an unsigned 32-bit value. */
  uint32(): number {
    return this.int32() >>> 0;
  }

  /** `sint32`: a zigzag varint. */
  sint32(): number {
    const v = this.int32();
    return (v >>> 1) ^ -(v & 1);
  }

  /** `bool`: any non-zero varint is true. */
  bool(): boolean {
    const buf = this.buf;
    const pos = this.pos;
    if (pos < this.len) {
      const b = buf[pos] as number;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b !== 0;
      }
    }
    this.varint64();
    return this.lo !== 0 || this.hi !== 0;
  }

  /** A length prefix, checked against the bytes left. Returns the end offset of the run. */
  lengthEnd(): number {
    const buf = this.buf;
    let n: number;
    const pos = this.pos;
    if (pos < this.len && (buf[pos] as number) < 0x80) {
      n = buf[pos] as number;
      this.pos = pos + 1;
    } else {
      n = this.varint32(true) >>> 0;
    }
    const end = this.pos + n;
    if (end > this.len) throw this.error(`length ${n} exceeds the ${this.len - this.pos} bytes left`);
    return end;
  }

  private need(n: number): number {
    const pos = this.pos;
    if (pos + n > this.len) throw this.error(`truncated: need ${n} bytes`);
    this.pos = pos + n;
    return pos;
  }

  /** `fixed32`: 4 bytes little-endian, unsigned. */
  fixed32(): number {
    const p = this.need(4);
    const b = this.buf;
    return ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> 0;
  }

  /** `sfixed32`: 4 bytes little-endian, signed. */
  sfixed32(): number {
    return this.fixed32() | 0;
  }

  /** `float`: IEEE 754 single precision. */
  float(): number {
    const p = this.need(4);
    const b = this.buf;
    floatBytes[0] = b[p] as number;
    floatBytes[1] = b[p + 1] as number;
    floatBytes[2] = b[p + 2] as number;
    floatBytes[3] = b[p + 3] as number;
    return floatView.getFloat32(0, true);
  }

  /** `double`: IEEE 754 double precision. */
  double(): number {
    const p = this.need(8);
    const b = this.buf;
    floatBytes[0] = b[p] as number;
    floatBytes[1] = b[p + 1] as number;
    floatBytes[2] = b[p + 2] as number;
    floatBytes[3] = b[p + 3] as number;
    floatBytes[4] = b[p + 4] as number;
    floatBytes[5] = b[p + 5] as number;
    floatBytes[6] = b[p + 6] as number;
    floatBytes[7] = b[p + 7] as number;
    return floatView.getFloat64(0, true);
  }

  /** Reads 8 bytes little-endian into {@link Reader.lo} / {@link Reader.hi}. */
  fixed64(): void {
    this.lo = this.fixed32();
    this.hi = this.fixed32();
  }

  /** `string`: length-delimited UTF-8; invalid UTF-8 is a DecodeError. */
  string(): string {
    const end = this.lengthEnd();
    const start = this.pos;
    this.pos = end;
    return readUtf8(this.buf, start, end) ?? this.invalidUtf8(start, "string field");
  }

  /** A `string` map key: like {@link Reader.string}, through the key cache of {@link readMapKey}. */
  mapKey(): string {
    const end = this.lengthEnd();
    const start = this.pos;
    this.pos = end;
    return readMapKey(this.buf, start, end) ?? this.invalidUtf8(start, "map key");
  }

  // Out of line, and no try/catch in string()/mapKey(): they stay small enough
  // for TurboFan to inline whole at every string field of a generated decoder.
  private invalidUtf8(start: number, what: string): never {
    throw new DecodeError(`${this.typeName}: invalid UTF-8 in ${what} at offset ${start}`, { typeName: this.typeName, offset: start });
  }

  /** `bytes`: length-delimited; returns a copy, so the message does not pin or alias the input. */
  bytes(): Uint8Array {
    const end = this.lengthEnd();
    const start = this.pos;
    this.pos = end;
    const out = new Uint8Array(end - start);
    out.set(this.buf.subarray(start, end));
    return out;
  }

  /** Skips one field's value of wire type `tag & 7` (unknown fields, groups included). */
  skip(tag: number): void {
    switch (tag & 7) {
      case 0:
        this.varint64();
        return;
      case 1:
        this.need(8);
        return;
      case 2:
        this.pos = this.lengthEnd();
        return;
      case 5:
        this.need(4);
        return;
      case 3:
        this.skipGroup(tag >>> 3, 1);
        return;
      case 4:
        throw this.error(`end-group tag (field ${tag >>> 3}) without a start-group`);
      default:
        throw this.error(`invalid wire type ${tag & 7} (field ${tag >>> 3})`);
    }
  }

  /**
   * Skips a proto2 group (an unknown field to proto3) up to the end-group tag
   * of the same field number; nested groups count against {@link MAX_DEPTH}.
   * Running past the enclosing message is caught by its `checkEnd`, past the
   * input by the tag reader.
   */
  private skipGroup(field: number, depth: number): void {
    if (depth > MAX_DEPTH) throw this.error(`groups nested deeper than ${MAX_DEPTH}`);
    for (;;) {
      if (this.pos >= this.len) throw this.error(`group of field ${field} has no end-group tag`);
      const tag = this.tag();
      const wireType = tag & 7;
      if (wireType === 4) {
        if (tag >>> 3 !== field) throw this.error(`end-group tag of field ${tag >>> 3} inside a group of field ${field}`);
        return;
      }
      if (wireType === 3) this.skipGroup(tag >>> 3, depth + 1);
      else this.skip(tag);
    }
  }

  // ---- 64-bit values: lo/hi to bigint (number/string: int64-number.ts, int64-string.ts) ----

  /** `uint64` / `fixed64` value in lo/hi as an exact bigint. */
  u64Big(): bigint {
    storeWords(this.lo, this.hi);
    return uint64View[0] as bigint;
  }

  /** `int64` / `sfixed64` value in lo/hi as an exact bigint. */
  s64Big(): bigint {
    storeWords(this.lo, this.hi);
    return int64View[0] as bigint;
  }

  /** Zigzag-decodes lo/hi in place (`sint64`). */
  unzigzag(): void {
    const lo = this.lo;
    const hi = this.hi;
    const mask = -(lo & 1);
    this.lo = (((lo >>> 1) | (hi << 31)) ^ mask) >>> 0;
    this.hi = ((hi >>> 1) ^ mask) >>> 0;
  }

  // ---- 64-bit fields as bigint (number and string live in int64-number.ts / int64-string.ts) ----

  /** `int64` as bigint. */
  int64Big(): bigint {
    this.varint64();
    return int64View[0] as bigint;
  }

  /** `uint64` as bigint. */
  uint64Big(): bigint {
    this.varint64();
    return uint64View[0] as bigint;
  }

  /** `sint64` as bigint. */
  sint64Big(): bigint {
    this.varint64();
    this.unzigzag();
    return this.s64Big();
  }

  /** `fixed64` as bigint. */
  fixed64Big(): bigint {
    this.fixed64();
    return this.u64Big();
  }

  /** `sfixed64` as bigint. */
  sfixed64Big(): bigint {
    this.fixed64();
    return this.s64Big();
  }

  private errorAt(pos: number, message: string): DecodeError {
    return new DecodeError(`${this.typeName}: ${message} (offset ${pos})`, { typeName: this.typeName, offset: pos });
  }
}

/** The reader generated `decode` functions share (see {@link Reader.begin}). */
export const reader: Reader = new Reader(EMPTY);
