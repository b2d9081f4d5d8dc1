/**
 * The 64-bit scratch slot shared by the reader and the writer: its word
 * indices follow the byte order of the platform the suite runs on.
 */
import { describe, expect, it } from "vitest";
import { HI_WORD, int64View, int64Words, LO_WORD, littleEndian, uint64View } from "../src/wire/int64-words.js";

describe("int64 scratch words", () => {
  it("should name the low and high 32-bit words of the platform's byte order", () => {
    const bytes = new Uint8Array(int64Words.buffer);
    new DataView(bytes.buffer).setBigUint64(0, 0x0000000200000001n, littleEndian);
    expect(int64Words[LO_WORD]).toBe(1);
    expect(int64Words[HI_WORD]).toBe(2);
    expect(uint64View[0]).toBe(0x0000000200000001n);
  });

  it("should wrap any bigint modulo 2^64 on store, in both views", () => {
    int64View[0] = -1n;
    expect(int64Words[LO_WORD]).toBe(0xffffffff);
    expect(int64Words[HI_WORD]).toBe(0xffffffff);
    expect(uint64View[0]).toBe(2n ** 64n - 1n);
    int64View[0] = 2n ** 64n + 5n;
    expect(int64Words[LO_WORD]).toBe(5);
    expect(int64Words[HI_WORD]).toBe(0);
  });
});
