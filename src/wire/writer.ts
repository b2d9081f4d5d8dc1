/**
 * The encoding half of the wire runtime. Generated code encodes in two passes:
 * a size pass computes the exact byte length of the message (recording the
 * length of every nested message, packed run and string in {@link Writer.sizes}),
 * then a write pass fills ONE preallocated Uint8Array, reading those lengths
 * back in the same order. No chunk lists; long strings are encoded once, in
 * the size pass, and copied. Outputs of 65 bytes to 4 KiB are views into a
 * shared slab: send them or copy them, but do not transfer `bytes.buffer`.
 *
 * @module
 */
import { EncodeError } from "../errors.js";
import { isWellFormed, utf8Length, writeUtf8 } from "./utf8.js";
import { floatBytes, floatView } from "./float.js";
import { HI_WORD, int64View, int64Words, LO_WORD } from "./int64-words.js";
import { MAX_DEPTH } from "./limits.js";

const TWO_32 = 4294967296;
const SHORT_STRING = 32;
const SLAB_SIZE = 32 * 1024;
const SLAB_MAX = 4096;
const encoder = new TextEncoder();
let slab = new Uint8Array(SLAB_SIZE);
const EMPTY = new Uint8Array(0);
let slabOffset = 0;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Bytes an `int32` / enum varint takes: negatives are sign-extended to 10 bytes. */
export function varintSize32(v: number): number {
  if (v < 0) return 10;
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** Bytes a varint takes for an unsigned 32-bit value; `uint32`, lengths, tags. */
export function uvarintSize32(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** Bytes a 64-bit varint takes, from its unsigned halves. */
export function varintSize64(lo: number, hi: number): number {
  if (hi === 0) return uvarintSize32(lo);
  return hi < 0x8 ? 5 : hi < 0x400 ? 6 : hi < 0x20000 ? 7 : hi < 0x1000000 ? 8 : hi < 0x80000000 ? 9 : 10;
}

/** Bytes of a `sint32` zigzag varint. */
export function sint32Size(v: number): number {
  return uvarintSize32(((v << 1) ^ (v >> 31)) >>> 0);
}

/**
 * Write cursor plus the length cache shared by the size and write passes.
 * One module-level instance is reused: encoding is synchronous and never
 * re-enters itself.
 */
export class Writer {
  /** Output buffer, allocated at the exact message size. */
  buf: Uint8Array = EMPTY;
  /** Next write offset. */
  pos = 0;
  /**
   * Values recorded by the size pass (nested lengths, string byte lengths,
   * 64-bit halves), consumed in the same order by the write pass. Grows, never
   * shrinks; only `[0, top)` is meaningful.
   */
  sizes: number[] = [];
  /** Number of entries the size pass recorded. */
  top = 0;
  /** Next entry of {@link Writer.sizes} the write pass consumes. */
  next = 0;
  /** UTF-8 of long strings, encoded once by the size pass and copied by the write pass. */
  private scratch = new Uint8Array(4096);
  /** End of the bytes the size pass put in {@link Writer.scratch}. */
  private scratchTop = 0;
  /** Next scratch offset the write pass copies from. */
  private scratchNext = 0;
  /** Low half set by the last 64-bit split. */
  lo = 0;
  /** High half set by the last 64-bit split. */
  hi = 0;
  /** Message type being encoded, for error messages. */
  typeName = "";
  /** Nesting level of the size pass (0: the top-level message). */
  private depth = 0;

  /** Resets the length cache before a size pass. */
  begin(typeName: string): this {
    // Do not keep the caches of one huge message alive forever.
    if (this.sizes.length > 65536) this.sizes = [];
    if (this.scratch.length > 1 << 20) this.scratch = new Uint8Array(4096);
    this.top = 0;
    this.depth = 0;
    this.next = 0;
    this.scratchTop = 0;
    this.scratchNext = 0;
    this.typeName = typeName;
    return this;
  }

  /**
   * Allocates the output buffer after the size pass. Up to 64 bytes V8 places
   * a typed array on the heap cheaply; larger messages up to 4 KiB are carved
   * from a shared 32 KiB slab (as Node's Buffer pool does), because a fresh
   * zeroed backing store per message costs more than encoding it.
   */
  alloc(size: number): void {
    if (size <= 64 || size > SLAB_MAX) {
      this.buf = new Uint8Array(size);
    } else {
      let offset = slabOffset;
      // A transferred (detached) slab reports length 0 and is replaced too.
      if (offset + size > slab.length) {
        slab = new Uint8Array(SLAB_SIZE);
        offset = 0;
      }
      this.buf = slab.subarray(offset, offset + size);
      // Keep the next message 8-byte aligned.
      slabOffset = (offset + size + 7) & ~7;
    }
    this.pos = 0;
    this.next = 0;
    this.scratchNext = 0;
  }

  /** Returns the filled buffer and drops the writer's references to it. */
  finish(): Uint8Array {
    const out = this.buf;
    if (this.pos !== out.length) throw this.error(`wrote ${this.pos} of ${out.length} bytes: a field holds a value its type cannot encode (e.g. an int32 beyond 32 bits)`);
    this.buf = EMPTY;
    return out;
  }

  /**
   * The EncodeError to throw for `error`, raised inside an encode pass: itself
   * when it is one; otherwise (a TypeError from a field that holds the wrong
   * kind of value, a RangeError from a cyclic or absurdly deep message) one
   * that wraps it. Leaves the writer ready for the next message.
   */
  fail(error: unknown): EncodeError {
    this.buf = EMPTY;
    if (error instanceof EncodeError) return error;
    const detail = error instanceof Error ? error.message : String(error);
    const what =
      error instanceof RangeError && /call stack/i.test(detail)
        ? "message nested too deeply to encode (is it cyclic?)"
        : error instanceof TypeError
          ? "message does not match its type (a field holds a value of the wrong kind, or null)"
          : "cannot encode message";
    return new EncodeError(`${this.typeName}: ${what}: ${detail}`, { typeName: this.typeName, cause: error });
  }

  /** An EncodeError for the type being encoded. */
  error(message: string): EncodeError {
    return new EncodeError(`${this.typeName}: ${message}`, { typeName: this.typeName });
  }

  /** Reserves a slot in the length cache; fill it with `sizes[slot] = n`. */
  reserve(): number {
    return this.top++;
  }

  /**
   * Size pass, entering a nested message: reserves its length slot and counts
   * the nesting. EncodeError past {@link MAX_DEPTH} levels, the limit decoders
   * (ours, and protobuf's own) enforce: never write what cannot be read back,
   * and a cyclic message fails fast instead of exhausting the stack.
   */
  nest(): number {
    if (++this.depth > MAX_DEPTH) throw this.error(`message nesting deeper than ${MAX_DEPTH} (is it cyclic?)`);
    return this.top++;
  }

  /** Size pass, leaving a nested message of `length` bytes whose slot {@link Writer.nest} returned. */
  unnest(slot: number, length: number): void {
    this.sizes[slot] = length;
    this.depth--;
  }

  /** Records `value` for the write pass (nested length, string length, 64-bit half). */
  record(value: number): void {
    this.sizes[this.top++] = value;
  }

  /**
   * Size pass for a string: records its UTF-8 length and returns prefix +
   * bytes. Long strings are encoded right away (native TextEncoder, far faster
   * than counting in JS) into scratch, which the write pass copies.
   */
  stringSize(text: string): number {
    let n: number;
    if (text.length <= SHORT_STRING) {
      n = utf8Length(text);
      if (n < 0) throw this.loneSurrogate();
    } else {
      const need = this.scratchTop + text.length * 3;
      if (need > this.scratch.length) {
        const grown = new Uint8Array(Math.max(need, this.scratch.length * 2));
        grown.set(this.scratch.subarray(0, this.scratchTop));
        this.scratch = grown;
      }
      n = encoder.encodeInto(text, this.scratch.subarray(this.scratchTop)).written;
      // All-ASCII output cannot hide a replaced lone surrogate; otherwise check.
      if (n !== text.length && !isWellFormed(text)) throw this.loneSurrogate();
      this.scratchTop += n;
    }
    this.record(n);
    return uvarintSize32(n) + n;
  }

  private loneSurrogate(): EncodeError {
    return this.error("string field holds a lone UTF-16 surrogate, which has no UTF-8 encoding");
  }

  /** Size pass for bytes: prefix + bytes. EncodeError unless `bytes` is a Uint8Array (a string would be written as zeros). */
  bytesSize(bytes: Uint8Array): number {
    if (!(bytes instanceof Uint8Array)) throw this.error(`bytes field holds ${typeof bytes}, not a Uint8Array`);
    return uvarintSize32(bytes.length) + bytes.length;
  }

  // ---- write pass ----

  /** Writes an unsigned 32-bit varint (tags, lengths, `uint32`). */
  uint32(v: number): void {
    const buf = this.buf;
    let pos = this.pos;
    while (v > 0x7f) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /**
   * Writes an `int32` / enum varint; negatives take 10 bytes (sign-extended).
   * EncodeError unless `v` is a whole number in the int32 range: wrapping
   * would put a different number on the wire.
   */
  int32(v: number): void {
    if ((v | 0) !== v) throw this.outOfRange("int32", v);
    if (v >= 0) {
      this.uint32(v);
    } else {
      this.varint64(v >>> 0, 0xffffffff);
    }
  }

  /** Writes a `sint32` zigzag varint; EncodeError outside the int32 range. */
  sint32(v: number): void {
    if ((v | 0) !== v) throw this.outOfRange("sint32", v);
    this.uint32(((v << 1) ^ (v >> 31)) >>> 0);
  }

  /** Writes a `uint32` field's varint; EncodeError unless `v` is a whole number in [0, 2^32). */
  uint32Field(v: number): void {
    if (v >>> 0 !== v) throw this.outOfRange("uint32", v);
    this.uint32(v);
  }

  /** Writes a `fixed32` field; EncodeError unless `v` is a whole number in [0, 2^32). */
  fixed32Field(v: number): void {
    if (v >>> 0 !== v) throw this.outOfRange("fixed32", v);
    this.fixed32(v);
  }

  /** Writes an `sfixed32` field; EncodeError outside the int32 range. */
  sfixed32Field(v: number): void {
    if ((v | 0) !== v) throw this.outOfRange("sfixed32", v);
    this.fixed32(v);
  }

  private outOfRange(type: string, v: unknown): EncodeError {
    const range = type === "uint32" || type === "fixed32" ? "0 to 4294967295" : "-2147483648 to 2147483647";
    return this.error(`${type} field holds ${String(v)}, which is not a whole number from ${range}`);
  }

  /** Writes a `bool` varint. */
  bool(v: boolean): void {
    this.buf[this.pos++] = v ? 1 : 0;
  }

  /** Writes the next cached length (nested message or packed run). */
  length(): void {
    this.uint32(this.sizes[this.next++] as number);
  }

  /** Writes the 64-bit varint whose halves the size pass recorded. */
  varint64Recorded(): void {
    const sizes = this.sizes;
    const next = this.next;
    this.next = next + 2;
    this.varint64(sizes[next] as number, sizes[next + 1] as number);
  }

  /** Writes a 64-bit varint from unsigned halves. */
  varint64(lo: number, hi: number): void {
    const buf = this.buf;
    let pos = this.pos;
    while (hi !== 0) {
      buf[pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    while (lo > 0x7f) {
      buf[pos++] = (lo & 0x7f) | 0x80;
      lo >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  /** Writes 4 bytes little-endian, unchecked (halves of 64-bit values; fields use {@link Writer.fixed32Field}). */
  fixed32(v: number): void {
    const buf = this.buf;
    const pos = this.pos;
    buf[pos] = v & 0xff;
    buf[pos + 1] = (v >>> 8) & 0xff;
    buf[pos + 2] = (v >>> 16) & 0xff;
    buf[pos + 3] = v >>> 24;
    this.pos = pos + 4;
  }

  /** Writes lo/hi as 8 bytes little-endian. */
  fixed64(lo: number, hi: number): void {
    this.fixed32(lo);
    this.fixed32(hi);
  }

  /** Writes a `float`. */
  float(v: number): void {
    floatView.setFloat32(0, v, true);
    const buf = this.buf;
    const pos = this.pos;
    buf[pos] = floatBytes[0] as number;
    buf[pos + 1] = floatBytes[1] as number;
    buf[pos + 2] = floatBytes[2] as number;
    buf[pos + 3] = floatBytes[3] as number;
    this.pos = pos + 4;
  }

  /** Writes a `double`. */
  double(v: number): void {
    floatView.setFloat64(0, v, true);
    const buf = this.buf;
    const pos = this.pos;
    buf[pos] = floatBytes[0] as number;
    buf[pos + 1] = floatBytes[1] as number;
    buf[pos + 2] = floatBytes[2] as number;
    buf[pos + 3] = floatBytes[3] as number;
    buf[pos + 4] = floatBytes[4] as number;
    buf[pos + 5] = floatBytes[5] as number;
    buf[pos + 6] = floatBytes[6] as number;
    buf[pos + 7] = floatBytes[7] as number;
    this.pos = pos + 8;
  }

  /** Writes a string whose UTF-8 length is the next cached length. */
  string(text: string): void {
    const n = this.sizes[this.next++] as number;
    this.uint32(n);
    if (text.length <= SHORT_STRING) {
      this.pos = writeUtf8(text, n, this.buf, this.pos);
    } else {
      const from = this.scratchNext;
      this.buf.set(this.scratch.subarray(from, from + n), this.pos);
      this.scratchNext = from + n;
      this.pos += n;
    }
  }

  /** Writes length-prefixed bytes. */
  bytes(bytes: Uint8Array): void {
    this.uint32(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  // ---- 64-bit splits: set lo/hi from each representation, validating range ----

  /** Splits a signed 64-bit bigint (`int64`, `sfixed64`). */
  splitS64Big(v: bigint): void {
    if (typeof v !== "bigint" || v < INT64_MIN || v > INT64_MAX) throw this.error(`int64 value out of range: ${String(v)}`);
    this.splitBig(v);
  }

  /** Splits an unsigned 64-bit bigint (`uint64`, `fixed64`). */
  splitU64Big(v: bigint): void {
    if (typeof v !== "bigint" || v < 0n || v > UINT64_MAX) throw this.error(`uint64 value out of range: ${String(v)}`);
    this.splitBig(v);
  }

  /** Zigzag-encodes lo/hi in place (`sint64`), after a signed split. */
  zigzag(): void {
    const lo = this.lo;
    const hi = this.hi;
    const mask = hi >> 31;
    this.hi = (((hi << 1) | (lo >>> 31)) ^ mask) >>> 0;
    this.lo = ((lo << 1) ^ mask) >>> 0;
  }

  // ---- 64-bit fields as bigint (number and string live in int64-number.ts / int64-string.ts) ----

  /** Size of an `int64` varint; the halves are recorded for the write pass. */
  int64BigSize(v: bigint): number {
    this.splitS64Big(v);
    return this.recordHalves();
  }

  /** Writes an `int64` varint recorded by {@link int64BigSize}. */
  int64Big(v: bigint): void {
    void v; // split by the size pass
    this.varint64Recorded();
  }

  /** Size of a `uint64` varint; recorded like {@link int64BigSize}. */
  uint64BigSize(v: bigint): number {
    this.splitU64Big(v);
    return this.recordHalves();
  }

  /** Writes a `uint64` varint recorded by {@link uint64BigSize}. */
  uint64Big(v: bigint): void {
    void v; // split by the size pass
    this.varint64Recorded();
  }

  /** Records the halves of the last split (lo, hi) for {@link varint64Recorded}; returns their varint size. */
  recordHalves(): number {
    this.record(this.lo);
    this.record(this.hi);
    return varintSize64(this.lo, this.hi);
  }

  /** Size of a `sint64` zigzag varint. */
  sint64BigSize(v: bigint): number {
    this.splitS64Big(v);
    this.zigzag();
    return this.recordHalves();
  }

  /** Writes a `sint64` zigzag varint. */
  sint64Big(v: bigint): void {
    void v; // split by the size pass
    this.varint64Recorded();
  }

  /** Writes a `fixed64`. */
  fixed64Big(v: bigint): void {
    this.splitU64Big(v);
    this.fixed64(this.lo, this.hi);
  }

  /** Writes an `sfixed64`. */
  sfixed64Big(v: bigint): void {
    this.splitS64Big(v);
    this.fixed64(this.lo, this.hi);
  }

  /** Sets lo/hi from a signed safe integer. */
  splitNumber(n: number): void {
    this.lo = n >>> 0;
    this.hi = Math.floor(n / TWO_32) >>> 0;
  }

  /** Sets lo/hi from a bigint, two's complement over 64 bits (the typed-array store wraps modulo 2^64). */
  splitBig(v: bigint): void {
    int64View[0] = v;
    this.lo = int64Words[LO_WORD] as number;
    this.hi = int64Words[HI_WORD] as number;
  }
}

/** The shared writer generated `encode` functions use. */
export const writer: Writer = new Writer();
