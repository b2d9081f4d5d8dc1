/**
 * Generated encoders against hand-computed wire bytes (one golden per
 * feature), plus the EncodeError cases and the create() defaults.
 */
import { describe, expect, it } from "vitest";
import { EncodeError } from "../src/errors.js";
import * as big from "./fixtures/generated/bigint/kitchen_pb.js";
import * as num from "./fixtures/generated/number/kitchen_pb.js";
import * as str from "./fixtures/generated/string/kitchen_pb.js";
import { Envelope as TickerEnvelope } from "../generated/ticker_pb.js";
import { loadReflection } from "./fixtures/oracle.js";
import { MAX_DEPTH } from "../src/wire/index.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

describe("encode golden bytes", () => {
  it("should encode nothing for a message of defaults (proto3 implicit presence)", () => {
    expect(hex(big.Scalars.encode(big.Scalars.create()))).toBe("");
  });

  it("should encode varint scalars", () => {
    expect(hex(big.Scalars.encode(big.Scalars.create({ fInt32: 150 })))).toBe("189601");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fInt32: -1 })))).toBe("18ffffffffffffffffff01");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fUint32: 0xffffffff })))).toBe("28ffffffff0f");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fSint32: -1 })))).toBe("3801");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fSint32: -(2 ** 31) })))).toBe("38ffffffff0f");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fBool: true })))).toBe("6801");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fColor: big.Color.COLOR_NEGATIVE })))).toBe("8001ffffffffffffffffff01");
  });

  it("should encode the int64 family exactly", () => {
    expect(hex(big.Scalars.encode(big.Scalars.create({ fInt64: -(2n ** 63n) })))).toBe("2080808080808080808001");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fUint64: 2n ** 64n - 1n })))).toBe("30ffffffffffffffffff01");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fSint64: -(2n ** 63n) })))).toBe("40ffffffffffffffffff01");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fSint64: 2n ** 63n - 1n })))).toBe("40feffffffffffffffff01");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fFixed64: 0x0102030405060708n })))).toBe("510807060504030201");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fSfixed64: -2n })))).toBe("61feffffffffffffff");
    expect(hex(num.Scalars.encode(num.Scalars.create({ fInt64: -(2 ** 53 - 1) })))).toBe("2081808080808080f0ff01");
    expect(hex(str.Scalars.encode(str.Scalars.create({ fUint64: "18446744073709551615" })))).toBe("30ffffffffffffffffff01");
  });

  it("should encode int64 / uint64 bigints on both sides of every varint-width and 2^32 / 2^53 boundary", () => {
    // The size pass splits each value into 32-bit halves through a typed array and sizes the varint from
    // them. Expected bytes come from the reference rule: 7 bits per byte, low first.
    const varint = (v: bigint): string => {
      let x = BigInt.asUintN(64, v);
      let out = "";
      do {
        const byte = Number(x & 0x7fn);
        x >>= 7n;
        out += (x > 0n ? byte | 0x80 : byte).toString(16).padStart(2, "0");
      } while (x > 0n);
      return out;
    };
    const edges = [1n, 127n, 128n, 16383n, 16384n, 2n ** 28n - 1n, 2n ** 28n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 35n, 2n ** 42n, 2n ** 49n - 1n, 2n ** 49n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 56n, 2n ** 63n - 1n];
    for (const v of edges) {
      expect(hex(big.Scalars.encode(big.Scalars.create({ fInt64: v })))).toBe("20" + varint(v));
      expect(hex(big.Scalars.encode(big.Scalars.create({ fUint64: v })))).toBe("30" + varint(v));
      expect(hex(big.Scalars.encode(big.Scalars.create({ fInt64: -v })))).toBe("20" + varint(-v));
      const both = big.Scalars.encode(big.Scalars.create({ fInt64: -v, fUint64: v }));
      expect(big.Scalars.decode(both)).toMatchObject({ fInt64: -v, fUint64: v });
    }
    expect(hex(big.Scalars.encode(big.Scalars.create({ fUint64: 2n ** 64n - 1n })))).toBe("30" + varint(2n ** 64n - 1n));
  });

  it("should encode fixed-width and floating-point scalars, -0 included", () => {
    expect(hex(big.Scalars.encode(big.Scalars.create({ fDouble: 1 })))).toBe("09000000000000f03f");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fDouble: -0 })))).toBe("090000000000000080");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fFloat: Number.NaN })))).toBe("150000c07f");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fFixed32: 0xdeadbeef })))).toBe("4defbeadde");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fSfixed32: -1 })))).toBe("5dffffffff");
  });

  it("should encode strings and bytes as UTF-8 / raw with a length prefix", () => {
    expect(hex(big.Scalars.encode(big.Scalars.create({ fString: "héllo €𝄞" })))).toBe("720e68c3a96c6c6f20e282acf09d849e");
    expect(hex(big.Scalars.encode(big.Scalars.create({ fBytes: new Uint8Array([0, 255]) })))).toBe("7a0200ff");
    const long = "x".repeat(200);
    expect(hex(big.Scalars.encode(big.Scalars.create({ fString: long })))).toBe("72c801" + "78".repeat(200));
  });

  it("should write packed repeated scalars by default and unpacked when [packed = false]", () => {
    expect(hex(big.Repeated.encode(big.Repeated.create({ rInt32: [1, 150, -1] })))).toBe("1a0d019601ffffffffffffffffff01");
    expect(hex(big.Repeated.encode(big.Repeated.create({ uInt32: [1, 2] })))).toBe("9001019001" + "02");
    expect(hex(big.Repeated.encode(big.Repeated.create({ rString: ["a", ""] })))).toBe("7201617200");
  });

  it("should encode map entries with key and value", () => {
    expect(hex(big.Maps.encode(big.Maps.create({ mString: { a: "b" } })))).toBe("0a060a0161120162");
    expect(hex(big.Maps.encode(big.Maps.create({ mInt64: { "-1": "" } })))).toBe("1a0d08ffffffffffffffffff011200");
    expect(hex(big.Maps.encode(big.Maps.create({ mBool: { true: "t" } })))).toBe("62050801120174");
  });

  it("should encode oneof cases and proto3 optional fields even at their defaults", () => {
    expect(hex(big.Outer.encode(big.Outer.create({ choice: { case: "cString", value: "" } })))).toBe("5200");
    expect(hex(big.Outer.encode(big.Outer.create({ maybeInt: 0 })))).toBe("2000");
    expect(hex(big.Outer.encode(big.Outer.create({ inner: big.Outer_Inner.create() })))).toBe("0a00");
  });

  it("should encode multi-byte tags up to field number 2^29-1", () => {
    expect(hex(big.BigTags.encode(big.BigTags.create({ twoBytes: 1, threeBytes: "a", max: 1n })))).toBe("800101" + "828001" + "0161" + "f8ffffff0f01");
  });

  it("should encode an envelope whose payload is a nested message", () => {
    const bytes = TickerEnvelope.encode({ seq: 1n, id: 0n, payload: { case: "tick", value: { symbol: "A", price: 0, volume: 0n, ts: 0n } } });
    expect(hex(bytes)).toBe("0801a201030a0141");
  });

  it("should return independent buffers from consecutive encodes (slab-backed included)", () => {
    const a = big.Scalars.encode(big.Scalars.create({ fString: "a".repeat(100) }));
    const b = big.Scalars.encode(big.Scalars.create({ fString: "b".repeat(100) }));
    expect(a[2]).toBe(0x61);
    expect(b[2]).toBe(0x62);
    expect(big.Scalars.decode(a).fString).toBe("a".repeat(100));
  });
});

describe("EncodeError", () => {
  it("should reject int64 values out of range instead of wrapping them", () => {
    expect(() => big.Scalars.encode(big.Scalars.create({ fInt64: 2n ** 63n }))).toThrow(EncodeError);
    expect(() => big.Scalars.encode(big.Scalars.create({ fUint64: -1n }))).toThrow(/uint64 value out of range/);
    expect(() => big.Scalars.encode(big.Scalars.create({ fUint64: 2n ** 64n }))).toThrow(EncodeError);
    expect(() => big.Scalars.encode(big.Scalars.create({ fSint64: -(2n ** 63n) - 1n }))).toThrow(/int64 value out of range/);
    expect(() => big.Scalars.encode(big.Scalars.create({ fFixed64: 2n ** 64n }))).toThrow(/uint64 value out of range/);
    expect(() => big.Scalars.encode(big.Scalars.create({ fSfixed64: 2n ** 63n }))).toThrow(/int64 value out of range/);
  });

  it("should reject a number in a bigint field (a JavaScript caller) with an EncodeError, not a TypeError", () => {
    for (const field of ["fInt64", "fUint64", "fSint64", "fFixed64", "fSfixed64"] as const) {
      const message = big.Scalars.create({ [field]: 5 as unknown as bigint });
      expect(() => big.Scalars.encode(message), field).toThrow(EncodeError);
    }
  });

  it("should reject unsafe numbers in --int64 number mode", () => {
    expect(() => num.Scalars.encode(num.Scalars.create({ fInt64: 2 ** 53 }))).toThrow(/not a safe integer/);
    expect(() => num.Scalars.encode(num.Scalars.create({ fInt64: 1.5 }))).toThrow(EncodeError);
    expect(() => num.Scalars.encode(num.Scalars.create({ fUint64: -1 }))).toThrow(EncodeError);
  });

  it("should refuse a 32-bit field value its type cannot hold instead of wrapping it", () => {
    const cases: [Partial<big.Scalars>, RegExp][] = [
      [{ fInt32: 2 ** 40 }, /int32 field holds 1099511627776/],
      [{ fInt32: 1e10 }, /int32 field holds 10000000000, which is not a whole number from -2147483648 to 2147483647/],
      [{ fInt32: 2 ** 31 }, /int32 field holds 2147483648/],
      [{ fInt32: -(2 ** 31) - 1 }, /int32 field holds -2147483649/],
      [{ fInt32: 1.5 }, /int32 field holds 1.5/],
      [{ fInt32: Number.NaN }, /int32 field holds NaN/],
      [{ fUint32: -1 }, /uint32 field holds -1, which is not a whole number from 0 to 4294967295/],
      [{ fUint32: 2 ** 32 }, /uint32 field holds 4294967296/],
      [{ fSint32: 2 ** 31 }, /sint32 field holds 2147483648/],
      [{ fFixed32: 2 ** 32 }, /fixed32 field holds 4294967296/],
      [{ fFixed32: -1 }, /fixed32 field holds -1/],
      [{ fSfixed32: 2 ** 31 }, /sfixed32 field holds 2147483648/],
      [{ fColor: 2 ** 31 }, /int32 field holds 2147483648/],
    ];
    for (const [init, message] of cases) {
      expect(() => big.Scalars.encode(big.Scalars.create(init)), JSON.stringify(init)).toThrow(message);
    }
    expect(() => big.Repeated.encode(big.Repeated.create({ rInt32: [1, 2 ** 40] }))).toThrow(/int32 field holds/);
    expect(() => big.Repeated.encode(big.Repeated.create({ rFixed32: [1, -1] }))).toThrow(/fixed32 field holds -1/);
  });

  it("should still encode every 32-bit type's extremes exactly as protobufjs does", () => {
    const extremes: Partial<big.Scalars>[] = [
      { fInt32: -(2 ** 31), fUint32: 2 ** 32 - 1, fSint32: -(2 ** 31), fFixed32: 2 ** 32 - 1, fSfixed32: -(2 ** 31), fColor: -1 },
      { fInt32: 2 ** 31 - 1, fUint32: 0, fSint32: 2 ** 31 - 1, fFixed32: 0, fSfixed32: 2 ** 31 - 1, fInt64: 1n },
      { fInt32: -0, fUint32: -0 },
    ];
    const oracle = loadReflection("fixtures", ["kitchen.proto"]).lookupType("test.kitchen.Scalars");
    for (const init of extremes) {
      const bytes = big.Scalars.encode(big.Scalars.create(init));
      const expected = Object.fromEntries(
        Object.entries(init).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), typeof v === "bigint" ? Number(v) : v === 0 ? 0 : v]),
      );
      const plain = oracle.toObject(oracle.decode(bytes), { longs: Number, defaults: true });
      for (const [k, v] of Object.entries(expected)) expect(plain[k], k).toBe(v);
      expect(hex(bytes)).toBe(hex(oracle.encode(oracle.fromObject(expected)).finish()));
    }
  });

  it("should report a lone surrogate instead of writing U+FFFD", () => {
    expect(() => big.Scalars.encode(big.Scalars.create({ fString: "a\ud800" }))).toThrow(/lone UTF-16 surrogate/);
    expect(() => big.Scalars.encode(big.Scalars.create({ fString: "\udc00b" }))).toThrow(EncodeError);
    expect(() => big.Scalars.encode(big.Scalars.create({ fString: "x".repeat(100) + "\ud800" }))).toThrow(/lone UTF-16 surrogate/);
    expect(big.Scalars.decode(big.Scalars.encode(big.Scalars.create({ fString: "x".repeat(100) + "\ud83d\ude00" }))).fString).toBe("x".repeat(100) + "😀");
  });

  it("should reject non-canonical decimal strings in --int64 string mode", () => {
    for (const bad of ["12abc", "-0", "00", "007", "+1", " 1", ""]) {
      expect(() => str.Scalars.encode(str.Scalars.create({ fInt64: bad })), bad).toThrow(/not a canonical decimal integer string/);
    }
    expect(str.Scalars.encode(str.Scalars.create({ fInt64: "0" }))).toHaveLength(0);
    expect(str.Scalars.decode(str.Scalars.encode(str.Scalars.create({ fInt64: "-5", fUint64: "10" })))).toMatchObject({ fInt64: "-5", fUint64: "10" });
  });

  it("should reject map keys that are not canonical for their key type", () => {
    expect(() => big.Maps.encode(big.Maps.create({ mInt32: { x: 1 } }))).toThrow(/map key is not a canonical decimal integer: "x"/);
    for (const key of ["007", "-0", "+1", "1.0", "1e3"]) {
      expect(() => big.Maps.encode(big.Maps.create({ mInt32: { [key]: 1 } })), key).toThrow(/map key is not a canonical decimal integer/);
    }
    expect(() => big.Maps.encode(big.Maps.create({ mInt32: { "3000000000": 1 } }))).toThrow(/int32 field holds 3000000000/);
    expect(() => big.Maps.encode(big.Maps.create({ mUint32: { "-1": new Uint8Array(0) } }))).toThrow(/uint32 field holds -1/);
    expect(() => big.Maps.encode(big.Maps.create({ mFixed32: { "4294967296": 1 } }))).toThrow(/fixed32 field holds 4294967296/);
    expect(() => big.Maps.encode(big.Maps.create({ mInt64: { "007": "x" } }))).toThrow(/not a canonical decimal integer string/);
    expect(() => big.Maps.encode(big.Maps.create({ mBool: { yes: "" } }))).toThrow(/bool map key/);
    try {
      big.Maps.encode(big.Maps.create({ mBool: { yes: "" } }));
    } catch (error) {
      expect((error as EncodeError).typeName).toBe("test.kitchen.Maps");
      expect((error as EncodeError).code).toBe("RXWIRE_ENCODE");
    }
  });

  it("should keep encoding correctly after an EncodeError", () => {
    expect(() => big.Scalars.encode(big.Scalars.create({ fString: "x".repeat(50), fUint64: -1n }))).toThrow();
    expect(big.Scalars.decode(big.Scalars.encode(big.Scalars.create({ fString: "y".repeat(50), fUint64: 5n })))).toMatchObject({
      fString: "y".repeat(50),
      fUint64: 5n,
    });
  });
});

describe("encode of a message that does not match its type", () => {
  it("should report a null or wrongly typed field as an EncodeError, not a TypeError", () => {
    const fields: Record<string, unknown>[] = [{ fString: null }, { fBytes: null }, { fBytes: "text" }, { fInt64: null }];
    for (const patch of fields) {
      const message = { ...big.Scalars.create(), ...patch } as unknown as big.Scalars;
      let caught: unknown;
      try {
        big.Scalars.encode(message);
      } catch (error) {
        caught = error;
      }
      expect(caught, JSON.stringify(patch)).toBeInstanceOf(EncodeError);
      expect((caught as EncodeError).code).toBe("RXWIRE_ENCODE");
      expect((caught as EncodeError).typeName).toBe("test.kitchen.Scalars");
    }
    const repeated = { ...big.Repeated.create(), rString: null } as unknown as big.Repeated;
    expect(() => big.Repeated.encode(repeated)).toThrow(/does not match its type/);
    const maps = { ...big.Maps.create(), mString: null } as unknown as big.Maps;
    expect(() => big.Maps.encode(maps)).toThrow(EncodeError);
  });

  it("should report a cyclic message as an EncodeError and keep encoding afterwards", () => {
    const cyclic = big.Outer.create();
    cyclic.child = cyclic;
    expect(() => big.Outer.encode(cyclic)).toThrow(/message nesting deeper than 100 \(is it cyclic\?\)/);
    expect(big.Outer.decode(big.Outer.encode(big.Outer.create({ maybeInt: 3 }))).maybeInt).toBe(3);
  });

  it("should encode exactly the nesting decode accepts (MAX_DEPTH levels below the top) and refuse one more", () => {
    const chain = (levels: number): big.Outer => {
      let message = big.Outer.create({ maybeInt: levels });
      for (let i = 0; i < levels; i++) message = big.Outer.create({ child: message });
      return message;
    };
    let innermost = big.Outer.decode(big.Outer.encode(chain(MAX_DEPTH)));
    for (let i = 0; i < MAX_DEPTH; i++) innermost = innermost.child ?? big.Outer.create();
    expect(innermost.maybeInt).toBe(MAX_DEPTH);
    expect(() => big.Outer.encode(chain(MAX_DEPTH + 1))).toThrow(/test.kitchen.Outer: message nesting deeper than 100/);
    // Nesting through repeated fields, oneofs and maps counts alike.
    const wide = big.Outer.create({ inners: [big.Outer_Inner.create(), big.Outer_Inner.create()], child: chain(MAX_DEPTH - 1) });
    expect(big.Outer.decode(big.Outer.encode(wide)).inners).toHaveLength(2);
  });
});

describe("create()", () => {
  it("should keep the default of a field given as undefined (Partial<T> allows it)", () => {
    const message = big.Scalars.create({ fDouble: undefined, fFloat: undefined, fInt32: undefined, fString: undefined, fBytes: undefined });
    expect(message).toEqual(big.Scalars.create());
    expect(big.Scalars.encode(message)).toHaveLength(0);
    const lists = big.Repeated.create({ rInt32: undefined, rString: undefined });
    expect(lists.rInt32).toEqual([]);
    expect(big.Maps.create({ mString: undefined }).mString).toEqual({});
  });

  it("should not let a \"__proto__\" key of init replace the message's prototype", () => {
    const init = JSON.parse('{"__proto__": {"polluted": true}, "fInt32": 4}') as Partial<big.Scalars>;
    const message = big.Scalars.create(init);
    expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
    expect((message as unknown as { polluted?: boolean }).polluted).toBeUndefined();
    expect(message.fInt32).toBe(4);
  });

  it("should fill proto3 defaults and overlay init", () => {
    expect(big.Repeated.create().rInt32).toEqual([]);
    expect(big.Scalars.create({ fInt32: 3 })).toMatchObject({ fInt32: 3, fInt64: 0n, fString: "", fBool: false, fColor: 0 });
    expect(num.Scalars.create().fInt64).toBe(0);
    expect(str.Scalars.create().fInt64).toBe("0");
    expect(big.Outer.create().inner).toBeUndefined();
    expect(big.Maps.create().mString).toEqual({});
  });

  it("should return fresh arrays and maps on every call", () => {
    const a = big.Repeated.create();
    a.rInt32.push(1);
    expect(big.Repeated.create().rInt32).toEqual([]);
  });

  it("should decode a \"__proto__\" map key as an own entry, not a prototype change", () => {
    const bytes = new Uint8Array([0x0a, 0x0f, 0x0a, 0x09, ...Buffer.from("__proto__"), 0x12, 0x02, 0x6f, 0x6b]);
    const decoded = big.Maps.decode(bytes);
    expect(Object.getPrototypeOf(decoded.mString)).toBe(Object.prototype);
    expect(Object.keys(decoded.mString)).toEqual(["__proto__"]);
    expect(big.Maps.decode(big.Maps.encode(decoded)).mString["__proto__"]).toBe("ok");
  });
});
