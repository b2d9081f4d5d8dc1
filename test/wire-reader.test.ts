/**
 * The wire runtime's decoding half on malformed input: every failure is a
 * DecodeError with an offset, nothing hangs, nothing allocates from an
 * unchecked length prefix.
 */
import { describe, expect, it } from "vitest";
import { DecodeError, isDecodeError } from "../src/errors.js";
import { MAX_DEPTH, Reader, reader } from "../src/wire/index.js";
import { Scalars, Outer, Repeated, Maps } from "./fixtures/generated/bigint/kitchen_pb.js";
import * as kitchenNumber from "./fixtures/generated/number/kitchen_pb.js";
import { Tick } from "../generated/ticker_pb.js";
import { loadReflection } from "./fixtures/oracle.js";

function decodeError(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (error) {
    expect(isDecodeError(error)).toBe(true);
    return error as DecodeError;
  }
  throw new Error("expected a DecodeError");
}

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

describe("Reader", () => {
  it("should read varints up to 10 bytes and reject an 11th", () => {
    const r = new Reader(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
    r.varint64();
    expect([r.lo, r.hi]).toEqual([0xffffffff, 0xffffffff]);
    const tooLong = new Reader(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
    expect(decodeError(() => tooLong.varint64()).message).toMatch(/longer than 10 bytes/);
  });

  it("should truncate int32 varints to 32 bits like protoc", () => {
    const r = new Reader(bytes(0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
    expect(r.int32()).toBe(-2);
  });

  it("should read in place from a Node Buffer subarray with a non-zero byteOffset", () => {
    const encoded = Tick.encode({ symbol: "ABC", price: 1.5, volume: -3n, ts: 2n ** 40n });
    const pool = Buffer.alloc(encoded.length + 17, 0xee);
    pool.set(encoded, 9);
    const view = pool.subarray(9, 9 + encoded.length);
    expect(view.byteOffset).toBeGreaterThan(0);
    expect(Tick.decode(view)).toEqual({ symbol: "ABC", price: 1.5, volume: -3n, ts: 2n ** 40n });
  });

  it("should return copies for bytes fields, not views into the input", () => {
    const input = Scalars.encode(Scalars.create({ fBytes: bytes(1, 2, 3) }));
    const decoded = Scalars.decode(input);
    input.fill(0);
    expect(decoded.fBytes).toEqual(bytes(1, 2, 3));
  });
});

describe("decode of malformed input", () => {
  it("should throw DecodeError on a truncated varint", () => {
    const e = decodeError(() => Scalars.decode(bytes(0x18, 0x80)));
    expect(e.message).toMatch(/truncated varint/);
    expect(e.typeName).toBe("test.kitchen.Scalars");
    expect(e.offset).toBe(2);
  });

  it("should throw DecodeError on a truncated tag", () => {
    expect(decodeError(() => Scalars.decode(bytes(0x80))).message).toMatch(/truncated varint/);
  });

  it("should throw DecodeError when a length runs past the end", () => {
    expect(decodeError(() => Scalars.decode(bytes(0x72, 0x05, 0x61))).message).toMatch(/exceeds/);
  });

  it("should not allocate from a huge length prefix", () => {
    // bytes field 15 claiming 4 GiB - 1 followed by nothing: must fail before allocating.
    const e = decodeError(() => Scalars.decode(bytes(0x7a, 0xff, 0xff, 0xff, 0xff, 0x0f)));
    expect(e.message).toMatch(/length 4294967295 exceeds/);
  });

  it("should refuse a length prefix wider than 32 bits", () => {
    expect(decodeError(() => Scalars.decode(bytes(0x7a, 0xff, 0xff, 0xff, 0xff, 0x1f))).message).toMatch(/wider than 32 bits/);
  });

  it("should throw DecodeError on truncated fixed-width values", () => {
    expect(decodeError(() => Scalars.decode(bytes(0x09, 1, 2, 3))).message).toMatch(/truncated: need 8/);
    expect(decodeError(() => Scalars.decode(bytes(0x15, 1, 2))).message).toMatch(/truncated: need 4/);
  });

  it("should refuse the invalid wire types 6 and 7", () => {
    expect(decodeError(() => Scalars.decode(bytes(0x0e))).message).toMatch(/invalid wire type 6/);
    expect(decodeError(() => Scalars.decode(bytes(0xff, 0x01))).message).toMatch(/invalid wire type 7/);
  });

  it("should skip an unknown proto2 group, nested groups included, as protobufjs does", () => {
    // Field 50 (unknown) as a group holding a varint, a string and a nested group 51; then f_int32 = 7.
    const group = [0x93, 0x03, 0x08, 0x01, 0x12, 0x02, 0x68, 0x69, 0x9b, 0x03, 0x08, 0x02, 0x9c, 0x03, 0x94, 0x03];
    const input = bytes(...group, 0x18, 0x07);
    expect(Scalars.decode(input).fInt32).toBe(7);
    const oracle = loadReflection("fixtures", ["kitchen.proto"]).lookupType("test.kitchen.Scalars").decode(input).toJSON();
    expect(oracle).toEqual({ f_int32: 7 });
  });

  it("should refuse broken groups: a stray end, a mismatched end, no end, too deep", () => {
    expect(decodeError(() => Scalars.decode(bytes(0x2c))).message).toMatch(/end-group tag \(field 5\) without a start-group/);
    expect(decodeError(() => Scalars.decode(bytes(0x2b, 0x34))).message).toMatch(/end-group tag of field 6 inside a group of field 5/);
    expect(decodeError(() => Scalars.decode(bytes(0x2b, 0x08, 0x01))).message).toMatch(/group of field 5 has no end-group tag/);
    const deep = [...Array<number>(101).fill(0x2b), ...Array<number>(101).fill(0x2c)];
    expect(decodeError(() => Scalars.decode(bytes(...deep))).message).toMatch(/groups nested deeper than 100/);
    const ok = [...Array<number>(100).fill(0x2b), ...Array<number>(100).fill(0x2c)];
    expect(Scalars.decode(bytes(...ok))).toEqual(Scalars.create());
  });

  it("should not let a group run past its enclosing message", () => {
    // Outer.inner (field 1, 2 bytes) holding the start of a group that ends only after it.
    expect(decodeError(() => Outer.decode(bytes(0x0a, 0x02, 0x2b, 0x08, 0x01, 0x2c))).message).toMatch(/overruns|end-group/);
  });

  it("should refuse field number 0", () => {
    expect(decodeError(() => Scalars.decode(bytes(0x00, 0x00))).message).toMatch(/field number 0/);
    // Padded to two or three bytes, as a non-canonical encoder might write it.
    expect(decodeError(() => Scalars.decode(bytes(0x80, 0x00, 0x00))).message).toMatch(/field number 0/);
    expect(decodeError(() => Scalars.decode(bytes(0x87, 0x80, 0x00, 0x00))).message).toMatch(/field number 0/);
  });

  it("should read tags of one to five bytes, padded ones included", () => {
    const tags = (...b: number[]): number[] => {
      const r = new Reader(bytes(...b));
      const out: number[] = [];
      while (r.pos < r.len) out.push(r.tag());
      return out;
    };
    // 8 (field 1) canonically, then padded to two and three bytes; 162 (field 20, the envelopes' payload) in two.
    expect(tags(0x08, 0x88, 0x00, 0x88, 0x80, 0x00, 0xa2, 0x01)).toEqual([8, 8, 8, 162]);
    // Field 2^29 - 1, the largest: five bytes.
    expect(tags(0xf8, 0xff, 0xff, 0xff, 0x0f)).toEqual([0xfffffff8]);
    expect(decodeError(() => tags(0xa2)).message).toMatch(/truncated varint/);
  });

  it("should report invalid UTF-8 in a string field", () => {
    for (const bad of [[0xff], [0xc3], [0xe2, 0x28, 0xa1], [0xed, 0xa0, 0x80], [0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0xc0, 0xaf]]) {
      const e = decodeError(() => Scalars.decode(bytes(0x72, bad.length, ...bad)));
      expect(e.message).toMatch(/invalid UTF-8/);
    }
    const long = new Uint8Array(100).fill(0x61);
    long[70] = 0xff;
    expect(decodeError(() => Scalars.decode(bytes(0x72, 100, ...long))).message).toMatch(/invalid UTF-8/);
  });

  it("should check strings decoded from a Node Buffer (native slice path) as strictly as from a Uint8Array", () => {
    // Node hands frames over as Buffers; strings longer than 32 bytes and
    // non-ASCII ones take Buffer.utf8Slice there, which must refuse what the
    // fatal TextDecoder refuses and keep a genuine U+FFFD.
    const pad = Buffer.alloc(40, 0x61);
    for (const bad of [[0xff], [0xc3], [0xe2, 0x28, 0xa1], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf]]) {
      for (const body of [Buffer.from(bad), Buffer.concat([pad, Buffer.from(bad)])]) {
        const frame = Buffer.concat([Buffer.from([7, 7]), Buffer.from([0x72, body.length]), body]).subarray(2);
        expect(decodeError(() => Scalars.decode(frame)).message).toMatch(/invalid UTF-8/);
      }
    }
    for (const text of ["\uFFFD", "x".repeat(40) + "\uFFFD", "caf\u00e9 ".repeat(10), "\uFEFFbom kept " + "y".repeat(40), "\u{1F600}".repeat(12)]) {
      const frame = Buffer.from(Scalars.encode({ ...Scalars.create(), fString: text }));
      expect(Scalars.decode(frame).fString).toBe(text);
    }
  });

  it("should read int64 varints of every length exactly, signed and unsigned", () => {
    const values = [0n, 1n, 127n, 128n, 2n ** 48n, 2n ** 49n - 1n, 2n ** 49n, 2n ** 53n + 1n, 2n ** 63n - 1n, -1n, -(2n ** 49n)];
    for (const v of values) {
      const message = { ...Scalars.create(), fInt64: v, fUint64: BigInt.asUintN(64, v) };
      const decoded = Scalars.decode(Scalars.encode(message));
      expect([decoded.fInt64, decoded.fUint64]).toEqual([v, BigInt.asUintN(64, v)]);
    }
    // A varint cut short is a DecodeError.
    expect(decodeError(() => Scalars.decode(bytes(0x30, 0xff, 0xff, 0xff))).message).toMatch(/truncated varint/);
  });

  it("should not let a wide int64 leak its high word into the next, short one", () => {
    // The readers hand values over through one shared 64-bit slot: -1, then 5.
    const message = { ...Scalars.create(), fInt64: -1n, fUint64: 5n };
    expect(Scalars.decode(Scalars.encode(message))).toMatchObject({ fInt64: -1n, fUint64: 5n });
    const reversed = { ...Scalars.create(), fInt64: 5n, fUint64: 2n ** 64n - 1n };
    expect(Scalars.decode(Scalars.encode(reversed))).toMatchObject({ fInt64: 5n, fUint64: 2n ** 64n - 1n });
  });

  it("should share one reader without pinning the last input or leaking state after a failure", () => {
    expect(() => Scalars.decode(bytes(0x72, 5, 0x61))).toThrow(DecodeError);
    expect(reader.buf.length).toBeGreaterThan(0); // a failed decode leaves it; the next begin() resets it
    const ok = Scalars.decode(Scalars.encode({ ...Scalars.create(), fString: "after" }));
    expect(ok.fString).toBe("after");
    expect(reader.buf.length).toBe(0);
    expect(reader.pos).toBe(0);
  });

  it("should throw when a nested message overruns its length", () => {
    // Outer.inner (field 1) of length 2 whose string field claims 3 bytes.
    expect(decodeError(() => Outer.decode(bytes(0x0a, 0x02, 0x12, 0x03, 0x61, 0x62, 0x63))).message).toMatch(/overruns|exceeds/);
  });

  it("should throw when a packed run does not end on an element boundary", () => {
    // Repeated.r_double (field 1, packed) with 5 bytes.
    expect(decodeError(() => Repeated.decode(bytes(0x0a, 0x05, 0, 0, 0, 0, 0))).message).toMatch(/truncated|overruns/);
  });

  it("should throw when a map entry is malformed", () => {
    // Maps.m_string entry of length 3 whose key claims 5 bytes.
    expect(decodeError(() => Maps.decode(bytes(0x0a, 0x03, 0x0a, 0x05, 0x61))).message).toMatch(/exceeds|overruns/);
  });

  it("should decode string map keys exactly through the bounded key cache, collisions and all", () => {
    // 1000 distinct keys cannot share 256 cache slots without collisions: every
    // decode must still return its own key, in any order, seen or not.
    const keys = Array.from({ length: 1000 }, (_, i) => `k${i.toString(36)}${"x".repeat(i % 7)}`);
    keys.push("", "k".repeat(32), "k".repeat(33), "caf\u00e9", "\u{1F600}", "__proto__");
    for (const order of [keys, [...keys].reverse(), keys]) {
      for (let i = 0; i < order.length; i += 3) {
        const entries = order.slice(i, i + 3);
        const mString = Object.fromEntries(entries.map((k) => [k, `v:${k}`]));
        const decoded = Maps.decode(Buffer.from(Maps.encode({ ...Maps.create(), mString }))).mString;
        expect(Object.keys(decoded).sort()).toEqual([...entries].sort());
        for (const k of entries) expect(Object.getOwnPropertyDescriptor(decoded, k)?.value).toBe(`v:${k}`);
      }
    }
    // "xA?" and "xB " share a slot (31 * 1 - 31 = 0) and a length: the bytes decide.
    for (const key of ["xA?", "xB ", "xA?"]) {
      expect(Object.keys(Maps.decode(Maps.encode({ ...Maps.create(), mString: { [key]: "v" } })).mString)).toEqual([key]);
    }
  });

  it("should report invalid UTF-8 in a map key", () => {
    for (const bad of [[0xff], [0x61, 0xc3], [0xed, 0xa0, 0x80]]) {
      // Maps.m_string entry: key (field 1) holding `bad`, no value.
      const e = decodeError(() => Maps.decode(bytes(0x0a, bad.length + 2, 0x0a, bad.length, ...bad)));
      expect(e.message).toMatch(/invalid UTF-8 in map key/);
    }
  });

  it(`should cap nesting at ${MAX_DEPTH} levels`, () => {
    const nest = (depth: number): Uint8Array => {
      let inner: Uint8Array = new Uint8Array(0);
      for (let i = 0; i < depth; i++) {
        const next = new Uint8Array(inner.length + 6);
        next[0] = 0x1a; // Outer.child
        let n = inner.length;
        let p = 1;
        while (n > 0x7f) {
          next[p++] = (n & 0x7f) | 0x80;
          n >>>= 7;
        }
        next[p++] = n;
        next.set(inner, p);
        inner = next.subarray(0, p + inner.length);
      }
      return inner;
    };
    expect(() => Outer.decode(nest(MAX_DEPTH))).not.toThrow();
    expect(decodeError(() => Outer.decode(nest(MAX_DEPTH + 1))).message).toMatch(/nesting deeper than 100/);
    expect(decodeError(() => Outer.decode(nest(5000))).message).toMatch(/nesting deeper/);
  });

  it("should skip unknown fields of every wire type", () => {
    // field 99 varint, field 98 fixed64, field 97 bytes, field 96 fixed32, then f_int32 = 7
    const unknown = bytes(0x98, 0x06, 0x96, 0x01, 0x91, 0x06, 1, 2, 3, 4, 5, 6, 7, 8, 0x8a, 0x06, 0x02, 0xaa, 0xbb, 0x85, 0x06, 1, 2, 3, 4, 0x18, 0x07);
    expect(Scalars.decode(unknown).fInt32).toBe(7);
  });

  it("should merge a singular message field that occurs twice, as the spec requires", () => {
    // Outer.inner { level: 1 } then Outer.inner { note: "x" }; then oneof c_inner twice.
    const twice = bytes(0x0a, 0x02, 0x08, 0x01, 0x0a, 0x03, 0x12, 0x01, 0x78, 0x62, 0x02, 0x08, 0x01, 0x62, 0x03, 0x12, 0x01, 0x79);
    const decoded = Outer.decode(twice);
    expect(decoded.inner).toEqual({ level: 1, note: "x" });
    expect(decoded.choice).toEqual({ case: "cInner", value: { level: 1, note: "y" } });
    // A different oneof case in between replaces instead of merging.
    const switched = bytes(0x62, 0x02, 0x08, 0x01, 0x52, 0x00, 0x62, 0x03, 0x12, 0x01, 0x79);
    expect(Outer.decode(switched).choice).toEqual({ case: "cInner", value: { level: 0, note: "y" } });
  });

  it("should keep unknown enum numbers (open enums)", () => {
    expect(Scalars.decode(bytes(0x80, 0x01, 0x63)).fColor).toBe(99);
  });

  it("should report uint64 values beyond Number.MAX_SAFE_INTEGER in --int64 number mode", () => {
    const big = bytes(0x30, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10); // f_uint64 = 2^53
    expect(decodeError(() => kitchenNumber.Scalars.decode(big)).message).toMatch(/uint64 value exceeds Number.MAX_SAFE_INTEGER/);
    const ok = bytes(0x30, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f); // 2^53 - 1
    expect(kitchenNumber.Scalars.decode(ok).fUint64).toBe(Number.MAX_SAFE_INTEGER);
    // The same value in the signed f_int64 names its own type.
    const signed = bytes(0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10);
    expect(decodeError(() => kitchenNumber.Scalars.decode(signed)).message).toMatch(/: int64 value exceeds Number.MAX_SAFE_INTEGER/);
  });

  it("should reject non-Uint8Array input", () => {
    expect(decodeError(() => Scalars.decode("abc" as unknown as Uint8Array)).message).toMatch(/expects a Uint8Array/);
  });

  it("should never hang or throw anything but DecodeError on random bytes", () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let run = 0; run < 3000; run++) {
      const input = new Uint8Array(random() % 64);
      for (let i = 0; i < input.length; i++) input[i] = random() & 0xff;
      for (const codec of [Scalars, Outer, Repeated, Maps]) {
        try {
          codec.decode(input);
        } catch (error) {
          expect(isDecodeError(error)).toBe(true);
        }
      }
    }
  });
});
