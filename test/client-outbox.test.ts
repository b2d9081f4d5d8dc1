import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Outbox } from "../src/outbox.js";

const bytesOf = (n: number) => new Uint8Array([n & 0xff]);

describe("Outbox", () => {
  it("should refuse pushes beyond its limit and keep FIFO order across wrap-around", () => {
    const outbox = new Outbox<number>(3);
    expect([outbox.push(1, bytesOf(1)), outbox.push(2, bytesOf(2)), outbox.push(3, bytesOf(3))]).toEqual([true, true, true]);
    expect(outbox.push(4, bytesOf(4))).toBe(false);
    expect(outbox.peekBytes()?.[0]).toBe(1);
    outbox.dropOldest();
    expect(outbox.push(4, bytesOf(4))).toBe(true);
    expect(outbox.drain()).toEqual([2, 3, 4]);
    expect(outbox.size).toBe(0);
    expect(outbox.peekBytes()).toBeUndefined();
  });

  it("should withdraw one entry by its bytes, keeping the order of the rest across wrap-around", () => {
    for (let start = 0; start < 4; start++) {
      for (let v = 0; v < 4; v++) {
        const outbox = new Outbox<number>(4);
        const queued: Array<[number, Uint8Array]> = [];
        const push = (n: number) => {
          const bytes = bytesOf(n);
          outbox.push(n, bytes);
          queued.push([n, bytes]);
        };
        for (let n = 0; n < 4; n++) push(n);
        for (let i = 0; i < start; i++) {
          outbox.dropOldest();
          queued.shift();
        }
        for (let n = 4; n < 4 + start; n++) push(n); // the ring now wraps around
        const [victim, bytes] = queued[v] as [number, Uint8Array];
        expect(outbox.remove(bytes)).toBe(true);
        expect(outbox.remove(bytes)).toBe(false);
        expect(outbox.remove(bytesOf(victim))).toBe(false); // equal bytes, another buffer
        expect(outbox.size).toBe(3);
        expect(outbox.push(9, bytesOf(9))).toBe(true);
        expect(outbox.drain()).toEqual(queued.map(([n]) => n).filter((n) => n !== victim).concat(9));
      }
    }
  });

  it("should queue nothing when the limit is 0", () => {
    const outbox = new Outbox<number>(0);
    expect(outbox.push(1, bytesOf(1))).toBe(false);
    expect(outbox.drain()).toEqual([]);
  });

  it("should behave like a bounded array queue for any sequence of operations", () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant("push" as const), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant("drop" as const) }),
      fc.record({ kind: fc.constant("drain" as const) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(operation, { maxLength: 60 }), (limit, operations) => {
        const outbox = new Outbox<number>(limit);
        let model: number[] = [];
        for (const op of operations) {
          if (op.kind === "push") {
            const accepted = outbox.push(op.value, bytesOf(op.value));
            expect(accepted).toBe(model.length < limit);
            if (accepted) model.push(op.value);
          } else if (op.kind === "drop") {
            expect(outbox.peekBytes()?.[0]).toBe(model[0]);
            outbox.dropOldest();
            model = model.slice(1);
          } else {
            expect(outbox.drain()).toEqual(model);
            model = [];
          }
          expect(outbox.size).toBe(model.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
