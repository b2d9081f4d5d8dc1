import { describe, expect, it } from "vitest";
import { deadPeerRow, type DeadPeerTally } from "../bench/dead-peer/run.js";
import { stormNotes, stormRow, type StormRound, type StormRun } from "../bench/reconnect-storm/run.js";
import type { ChildResult } from "../bench/lib/child.js";
import { renderTable } from "../bench/lib/report.js";
import { summarise, valuesByRound } from "../bench/lib/stats.js";
import { ThroughputSamples } from "../bench/lib/throughput.js";

/** A child that reported `messages` messages in `cpuMs` of CPU. */
function okRun(cpuMs: number, received = 1000): ChildResult {
  return { ok: true, value: { ms: cpuMs, cpuMs, received } };
}

const receivedAll = (v: Record<string, unknown>) => (v["received"] === 1000 ? undefined : `received ${String(v["received"])} of 1000 frames`);

describe("summarise", () => {
  it("counts the rounds run apart from the rounds that succeeded", () => {
    const [summary] = summarise(new Map([["a", [1, Number.NaN, 3]]]), "a");
    expect(summary).toMatchObject({ rounds: 2, roundsRun: 3 });
  });

  it("pairs ratios by round, so a failed round does not shift later pairings", () => {
    const samples = new Map([
      ["base", [10, 20, 40]],
      ["other", [Number.NaN, 40, 80]],
    ]);
    const other = summarise(samples, "base").find((s) => s.name === "other");
    expect(other?.ratio).toEqual({ median: 2, min: 2, max: 2 });
  });
});

describe("valuesByRound", () => {
  it("keeps a failed run's place, so the in-process cold ratios pair each round with its own baseline", () => {
    const base = [{ nsPerMessage: 100 }, { nsPerMessage: 200 }, { nsPerMessage: 400 }];
    const rxwire = [undefined, { nsPerMessage: 100 }, { nsPerMessage: 200 }];
    const byRound = new Map([
      ["base", valuesByRound(base, "nsPerMessage")],
      ["rxwire", valuesByRound(rxwire, "nsPerMessage")],
    ]);
    expect(byRound.get("rxwire")).toEqual([Number.NaN, 100, 200]);
    const summary = summarise(byRound, "base", true).find((s) => s.name === "rxwire");
    expect(summary).toMatchObject({ ratio: { median: 2, min: 2, max: 2 }, rounds: 2, roundsRun: 3 });
  });

  it("reads a value the run did not report as NaN", () => {
    expect(valuesByRound([{ offMainShare: undefined }, { offMainShare: 0.25 }], "offMainShare")).toEqual([Number.NaN, 0.25]);
  });
});

describe("ThroughputSamples.table", () => {
  it("shows a partly failed contender as k/n rounds, with its last error in a note", () => {
    const samples = new ThroughputSamples(["base", "rxwire"], "base");
    samples.add("base", 1000, okRun(10), receivedAll);
    samples.add("rxwire", 1000, okRun(5), receivedAll);
    samples.add("base", 1000, okRun(10), receivedAll);
    samples.add("rxwire", 1000, { ok: false, error: "timed out after 60000 ms" }, receivedAll);
    samples.add("base", 1000, okRun(10), receivedAll);
    samples.add("rxwire", 1000, okRun(5, 999), receivedAll);
    const text = renderTable(samples.table("Receive, 3 rounds", []));
    expect(text).toContain("rxwire (1/3 rounds)");
    expect(text).toMatch(/\| base \(baseline\) +\|/);
    expect(text).toContain("rxwire: 1/3 rounds succeeded; last error: received 999 of 1000 frames");
    expect(text).not.toContain("base: ");
  });

  it("still shows a contender whose every round failed as n/a, with the rounds", () => {
    const samples = new ThroughputSamples(["base", "rxwire"], "base");
    samples.add("base", 1000, okRun(10), receivedAll);
    samples.add("rxwire", 1000, { ok: true, value: { error: "boom" } }, receivedAll);
    const text = renderTable(samples.table("t", []));
    expect(text).toMatch(/rxwire \(0\/1 rounds\) .*n\/a: boom/);
  });

  it("adds nothing when every round succeeded", () => {
    const samples = new ThroughputSamples(["base"], "base");
    samples.add("base", 1000, okRun(10), receivedAll);
    const table = samples.table("t", ["a note"]);
    expect(table.rows[0]?.[0]).toBe("base (baseline)");
    expect(table.notes).toEqual(["a note"]);
  });
});

describe("reconnect storm rows", () => {
  const run = (over: Partial<StormRun> = {}): StormRun => ({
    recoveryFromRestartMs: 1500,
    recoveryFromKillMs: 3500,
    peakPer100ms: 200,
    totalAttempts: 1000,
    leftBehind: 0,
    buckets: [],
    restartOffsetMs: 2000,
    ...over,
  });

  it("counts clients of a failed round in left behind, and says the round failed", () => {
    const rounds: StormRound[] = [run(), { error: "only 995/1000 open within 60 s, before the kill", leftBehind: 5 }];
    const row = stormRow("rxwire", rounds);
    expect(row[0]).toBe("rxwire (1/2 rounds)");
    expect(row[5]).toBe("5");
    expect(stormNotes(new Map([["rxwire", rounds]]))).toEqual([
      "rxwire: 1/2 rounds succeeded; last error: only 995/1000 open within 60 s, before the kill",
    ]);
  });

  it("keeps a round with clients left behind at the bound out of the recovery time but in left behind", () => {
    const leftBehind = run({ recoveryFromRestartMs: Number.NaN, recoveryFromKillMs: Number.NaN, leftBehind: 12 });
    const row = stormRow("partysocket", [run({ recoveryFromRestartMs: 1000 }), leftBehind]);
    expect(row[0]).toBe("partysocket (1/2 rounds)");
    expect(row[1]).toBe("1.00 s (1.00–1.00)");
    expect(row[5]).toBe("12");
  });

  it("says when a failed round could not count its clients", () => {
    const row = stormRow("rxwire", [run(), { error: "no result: ", leftBehind: undefined }]);
    expect(row[5]).toBe("0 + unknown in 1 failed round(s)");
  });

  it("reads like before when every round completed", () => {
    const row = stormRow("rxwire", [run(), run()]);
    expect(row).toEqual(["rxwire", "1.50 s (1.50–1.50)", "3.50 s", "200 (200–200)", "1,000", "0"]);
    expect(stormNotes(new Map([["rxwire", [run()]]]))).toEqual([]);
  });
});

describe("dead-peer rows", () => {
  const tally = (over: Partial<DeadPeerTally>): DeadPeerTally => ({
    detections: Array.from({ length: 100 }, () => 1500),
    undetected: 0,
    configured: "1000 + 1000 ms",
    roundsRun: 2,
    roundsFailed: 0,
    lastError: undefined,
    ...over,
  });

  it("counts every client of every round run, so a failed round shows as 100/200", () => {
    const row = deadPeerRow("rxwire", tally({ roundsFailed: 1, lastError: "not all open" }), 100, 2000);
    expect(row[0]).toBe("rxwire (1/2 rounds)");
    expect(row[6]).toBe("100/200");
  });

  it("shows a contender whose every round failed as n/a", () => {
    const row = deadPeerRow("rxwire", tally({ detections: [], roundsFailed: 2, lastError: "boom" }), 100, 2000);
    expect(row.slice(0, 2)).toEqual(["rxwire (0/2 rounds)", "n/a: boom"]);
  });
});
