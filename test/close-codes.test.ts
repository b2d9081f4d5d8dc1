import { describe, expect, it } from "vitest";
import { classifyClose, CloseCode, type CloseClassification } from "../src/close-codes.js";

const table: ReadonlyArray<readonly [number, CloseClassification]> = [
  [1000, "normal"],
  [1001, "retry"],
  [1002, "fatal"],
  [1003, "fatal"],
  [1005, "retry"],
  [1006, "retry"],
  [1007, "fatal"],
  [1008, "fatal"],
  [1009, "fatal"],
  [1010, "fatal"],
  [1011, "retry"],
  [1012, "retry"],
  [1013, "retry"],
  [1014, "retry"],
  [1015, "fatal"],
  [3000, "retry"],
  [4000, "retry"],
  [4399, "retry"],
  [4400, "fatal"],
  [4401, "fatal"],
  [4499, "fatal"],
  [4500, "retry"],
  [4900, "retry"],
  [4901, "retry"],
  [4902, "fatal"],
  [4903, "retry"],
  [4904, "retry"],
  [4905, "retry"],
  [4999, "retry"],
  [0, "retry"],
  [999, "retry"],
];

describe("classifyClose", () => {
  it.each(table)("should classify close code %i as %s", (code, expected) => {
    expect(classifyClose({ code, reason: "", wasClean: true })).toBe(expected);
  });

  it("should ignore reason and wasClean", () => {
    expect(classifyClose({ code: 1000, reason: "bye", wasClean: false })).toBe("normal");
    expect(classifyClose({ code: 1006, reason: "", wasClean: true })).toBe("retry");
  });
});

describe("CloseCode", () => {
  it("should keep rxwire's local codes in the 49xx block, all retryable but the refused handshake", () => {
    const local = [
      CloseCode.HeartbeatTimeout,
      CloseCode.ConnectTimeout,
      CloseCode.HandshakeRejected,
      CloseCode.Offline,
      CloseCode.TransportError,
      CloseCode.UpgradeFailed,
    ];
    expect(local).toEqual([4900, 4901, 4902, 4903, 4904, 4905]);
    for (const code of local) {
      expect(classifyClose({ code, reason: "", wasClean: false })).toBe(code === CloseCode.HandshakeRejected ? "fatal" : "retry");
    }
  });

  it("should have unique values", () => {
    const values = Object.values(CloseCode);
    expect(new Set(values).size).toBe(values.length);
  });
});
