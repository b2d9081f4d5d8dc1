import { describe, expect, it } from "vitest";
import { defaultReconnectPolicy, reconnectDelay } from "../src/backoff.js";

const maxTimer = 2 ** 31 - 1;
const exact = { initialDelayMs: 100, maxDelayMs: 10_000, factor: 2, jitter: "none" } as const;
const jittered = { ...exact, jitter: "full" } as const;
const equal = { ...exact, jitter: "equal" } as const;

function counting(value: number): { random: () => number; calls: () => number } {
  let calls = 0;
  return {
    random: () => {
      calls += 1;
      return value;
    },
    calls: () => calls,
  };
}

describe("reconnectDelay", () => {
  it("should grow exponentially and cap at maxDelayMs without jitter", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => reconnectDelay(attempt, exact, () => 0.5));
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 6400, 10_000]);
  });

  it("should not call random without jitter", () => {
    const r = counting(0.5);
    reconnectDelay(3, exact, r.random);
    expect(r.calls()).toBe(0);
  });

  it.each([
    [0, [0, 0, 0, 0]],
    [0.5, [50, 100, 200, 400]],
    [0.999999, [99, 199, 399, 799]],
  ])("should draw full jitter below the ceiling with random() = %f", (value, expected) => {
    const delays = [1, 2, 3, 4].map((attempt) => reconnectDelay(attempt, jittered, () => value));
    expect(delays).toEqual(expected);
  });

  it("should call random exactly once per attempt with full jitter", () => {
    const r = counting(0.3);
    for (let attempt = 1; attempt <= 5; attempt += 1) reconnectDelay(attempt, jittered, r.random);
    expect(r.calls()).toBe(5);
  });

  it.each([
    [0, [50, 100, 200, 400]],
    [0.5, [75, 150, 300, 600]],
    [0.999999, [99, 199, 399, 799]],
  ])("should draw equal jitter in the upper half of the ceiling with random() = %f", (value, expected) => {
    const delays = [1, 2, 3, 4].map((attempt) => reconnectDelay(attempt, equal, () => value));
    expect(delays).toEqual(expected);
  });

  it("should call random exactly once per attempt with equal jitter, and clamp odd draws into [0, 1]", () => {
    const r = counting(0.3);
    for (let attempt = 1; attempt <= 5; attempt += 1) reconnectDelay(attempt, equal, r.random);
    expect(r.calls()).toBe(5);
    expect(reconnectDelay(2, equal, () => 7)).toBe(200);
    expect(reconnectDelay(2, equal, () => -1)).toBe(100);
    expect(reconnectDelay(2, equal, () => Number.NaN)).toBe(100);
  });

  it("should stay finite and within the cap for huge attempts", () => {
    for (const attempt of [50, 1_000, 1e9, Number.MAX_SAFE_INTEGER, Infinity]) {
      expect(reconnectDelay(attempt, exact, () => 0.5)).toBe(10_000);
      expect(reconnectDelay(attempt, jittered, () => 0.5)).toBe(5_000);
    }
  });

  it("should clamp to the largest timer delay", () => {
    const huge = { initialDelayMs: 1e12, maxDelayMs: Infinity, factor: 10, jitter: "none" } as const;
    expect(reconnectDelay(1, huge, () => 0)).toBe(maxTimer);
    expect(reconnectDelay(1e6, huge, () => 0)).toBe(maxTimer);
  });

  it("should never return negative, NaN or Infinity for odd inputs", () => {
    const odd = [
      { initialDelayMs: -5, maxDelayMs: 100, factor: 2, jitter: "none" },
      { initialDelayMs: NaN, maxDelayMs: NaN, factor: NaN, jitter: "full" },
      { initialDelayMs: 0, maxDelayMs: 100, factor: Infinity, jitter: "none" },
      { initialDelayMs: 100, maxDelayMs: -1, factor: 2, jitter: "full" },
      { initialDelayMs: Infinity, maxDelayMs: NaN, factor: -3, jitter: "equal" },
    ] as const;
    for (const policy of odd) {
      for (const attempt of [-1, 0, 1, 2, 1e6, NaN]) {
        for (const draw of [0, 0.5, 1, -1, 2, NaN]) {
          const delay = reconnectDelay(attempt, policy, () => draw);
          expect(Number.isFinite(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(maxTimer);
        }
      }
    }
  });

  it("should treat attempt 0 or below like the first attempt", () => {
    expect(reconnectDelay(0, exact, () => 0)).toBe(100);
    expect(reconnectDelay(-3, exact, () => 0)).toBe(100);
  });
});

describe("defaultReconnectPolicy", () => {
  it("should retry 1.5-3 s after a drop, grow by 1.4, cap at 10 s and never give up", () => {
    expect(defaultReconnectPolicy).toMatchObject({
      initialDelayMs: 3_000,
      maxDelayMs: 10_000,
      factor: 1.4,
      jitter: "equal",
      maxAttempts: Infinity,
      resetAfterMs: 5_000,
    });
    const ceilings = [1, 2, 3, 5, 20].map((a) => reconnectDelay(a, { ...defaultReconnectPolicy, jitter: "none" }, () => 0));
    expect(ceilings).toEqual([3_000, 4_200, 5_880, 10_000, 10_000]);
    expect(reconnectDelay(1, defaultReconnectPolicy, () => 0)).toBe(1_500);
    expect(reconnectDelay(1, defaultReconnectPolicy, () => 0.999999)).toBe(2_999);
  });
});
