/**
 * Benchmark 5: reconnect storm. N clients of one library (with its default
 * policy) are connected to a pong server process; the server is SIGKILLed,
 * stays down for a while, and is restarted on the same port. Measured: time
 * until all are open again, peak connection attempts per 100 ms, clients left
 * behind at the bound. Attempts over time are plotted to bench/results/.
 *
 * @module
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { lineChartSvg, writeChart } from "../lib/chart.js";
import { parseResult, spawnLineChild, type LineChild } from "../lib/line-child.js";
import { quick, rounds as roundCount, size } from "../lib/config.js";
import { failedRoundsNotes, fmt, fmtInt, labelWithRounds, printResult } from "../lib/report.js";
import { startPongServerProcess, type ServerProcess } from "../lib/server-process.js";
import { spread } from "../lib/stats.js";
import { stormClientNames } from "./clients/index.js";

const bucketMs = 100;
const downMs = 2000;
const boundMs = 60_000;
const colors: Record<string, string> = {
  rxwire: "#d62728",
  "reconnecting-websocket": "#1f77b4",
  "reconnecting-websocket (one process)": "#9467bd",
  partysocket: "#2ca02c",
};

/** A storm round the child reported on. */
export interface StormRun {
  /** NaN when not every client was open again by the bound. */
  recoveryFromRestartMs: number;
  recoveryFromKillMs: number;
  peakPer100ms: number;
  totalAttempts: number;
  leftBehind: number;
  /** Attempts per 100 ms bucket since the kill. */
  buckets: number[];
  restartOffsetMs: number;
}

/** A storm round that failed; `leftBehind` is the clients not open when it gave up, if the child could still say. */
export interface StormFailure {
  error: string;
  leftBehind: number | undefined;
}

/** One round of one contender. */
export type StormRound = StormRun | StormFailure;

/** The RESULT a storm child prints. */
interface StormChildResult {
  attempts: number[];
  open: number;
  count: number;
  allOpenAgainAt?: number;
  error?: string;
}

/** A round that failed before the kill: not all clients opened, or the child failed. Asks the child for its open count. */
async function failedBeforeKill(child: LineChild, first: RegExpExecArray | undefined): Promise<StormFailure> {
  const early = first?.[2] === undefined ? undefined : (JSON.parse(first[2]) as { error?: string });
  if (early?.error !== undefined) return { error: early.error, leftBehind: undefined };
  child.send("REPORT");
  const r = parseResult<StormChildResult>(await child.waitFor(/^RESULT (.*)$/m, 5000));
  if (r === undefined || r.error !== undefined) {
    return { error: r?.error ?? `not all open within 60 s ${child.lastError()}`, leftBehind: undefined };
  }
  return { error: `only ${r.open}/${r.count} open within 60 s, before the kill`, leftBehind: r.count - r.open };
}

/** Runs one storm for one contender; the server process is replaced (returned via `holder`). */
async function stormOnce(name: string, count: number, holder: { server: ServerProcess }): Promise<StormRound> {
  const port = holder.server.port;
  const script = fileURLToPath(new URL("./client-main.ts", import.meta.url));
  const child = spawnLineChild(script, [name, `ws://127.0.0.1:${port}/`, String(count)], count + 512);
  try {
    const first = await child.waitFor(/^(READY|RESULT (.*))$/m, 60_000);
    if (first?.[1] !== "READY") return await failedBeforeKill(child, first);
    await sleep(500);
    const killedAt = Date.now();
    await holder.server.kill();
    await sleep(downMs);
    holder.server = await startPongServerProcess(port, count + 512);
    const restartedAt = Date.now();
    let line = await child.waitFor(/^RESULT (.*)$/m, boundMs - (restartedAt - killedAt));
    if (line === undefined) {
      child.send("REPORT");
      line = await child.waitFor(/^RESULT (.*)$/m, 5000);
    }
    const r = parseResult<StormChildResult>(line);
    if (r === undefined) return { error: `no result: ${child.lastError()}`, leftBehind: undefined };
    if (r.error !== undefined) return { error: r.error, leftBehind: undefined };
    const buckets: number[] = [];
    for (const t of r.attempts) {
      const i = Math.floor((t - killedAt) / bucketMs);
      if (i < 0) continue;
      while (buckets.length <= i) buckets.push(0);
      buckets[i] = (buckets[i] ?? 0) + 1;
    }
    return {
      recoveryFromRestartMs: r.allOpenAgainAt === undefined ? Number.NaN : r.allOpenAgainAt - restartedAt,
      recoveryFromKillMs: r.allOpenAgainAt === undefined ? Number.NaN : r.allOpenAgainAt - killedAt,
      peakPer100ms: Math.max(0, ...buckets),
      totalAttempts: r.attempts.length,
      leftBehind: r.count - r.open,
      buckets,
      restartOffsetMs: restartedAt - killedAt,
    };
  } finally {
    await child.close();
  }
}

/** Why `round` is not a full measurement (it failed, or not every client came back), or undefined. */
function roundError(round: StormRound): string | undefined {
  if ("error" in round) return round.error;
  if (round.leftBehind > 0) return `${round.leftBehind} clients not open again at the ${boundMs / 1000} s bound`;
  if (!Number.isFinite(round.recoveryFromRestartMs)) return "the clients were never all open again after the drop";
  return undefined;
}

/** "12" when every round could count its clients left behind, else "12 + unknown in 1 failed round(s)". */
function leftBehindCell(rounds: readonly StormRound[]): string {
  const known = rounds.flatMap((r) => (r.leftBehind === undefined ? [] : [r.leftBehind]));
  const unknown = rounds.length - known.length;
  const max = String(Math.max(0, ...known));
  return unknown === 0 ? max : `${max} + unknown in ${unknown} failed round(s)`;
}

/**
 * The table row of one contender. Recovery times come from the rounds where
 * every client came back; a round that failed or left clients behind shows in
 * the label ("k/n rounds") and in "left behind", never vanishes.
 */
export function stormRow(name: string, rounds: readonly StormRound[]): string[] {
  const runs = rounds.filter((r): r is StormRun => !("error" in r));
  const complete = runs.filter((r) => roundError(r) === undefined);
  const label = labelWithRounds(name, complete.length, rounds.length);
  const lastError = [...rounds].reverse().map(roundError).find((e) => e !== undefined);
  if (runs.length === 0) return [label, `n/a: ${lastError ?? "failed"}`, "", "", "", leftBehindCell(rounds)];
  const rec = spread(complete.map((r) => r.recoveryFromRestartMs));
  const recKill = spread(complete.map((r) => r.recoveryFromKillMs));
  const peak = spread(runs.map((r) => r.peakPer100ms));
  return [
    label,
    complete.length === 0 ? "n/a" : `${fmt(rec.median / 1000)} s (${fmt(rec.min / 1000)}–${fmt(rec.max / 1000)})`,
    complete.length === 0 ? "n/a" : `${fmt(recKill.median / 1000)} s`,
    `${fmtInt(peak.median)} (${fmtInt(peak.min)}–${fmtInt(peak.max)})`,
    fmtInt(spread(runs.map((r) => r.totalAttempts)).median),
    leftBehindCell(rounds),
  ];
}

/** Notes naming every contender with failed or incomplete rounds, and the last reason. */
export function stormNotes(rounds: ReadonlyMap<string, readonly StormRound[]>): string[] {
  return failedRoundsNotes(
    [...rounds].map(([name, rs]) => ({
      name,
      succeeded: rs.filter((r) => roundError(r) === undefined).length,
      run: rs.length,
      lastError: [...rs].reverse().map(roundError).find((e) => e !== undefined),
    })),
  );
}

/** Runs the reconnect-storm benchmark, prints its table and writes the chart. */
export async function runReconnectStormBench(): Promise<unknown> {
  const count = size(1000, 200);
  const rounds = roundCount(2, 1);
  const holder = { server: await startPongServerProcess(0, count + 512) };
  const results = new Map<string, StormRound[]>(stormClientNames.map((n) => [n, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const name of stormClientNames) results.get(name)?.push(await stormOnce(name, count, holder));
    }
  } finally {
    await holder.server.stop();
  }
  const runs = new Map([...results].map(([n, rs]) => [n, rs.filter((r): r is StormRun => !("error" in r))]));
  const rows = stormClientNames.map((name) => stormRow(name, results.get(name) ?? []));
  // A quick pass must not overwrite the chart the README links to; `npm run bench` stages it
  // (BENCH_RESULTS_DIR) and moves it into bench/results/ only with the README it belongs to.
  const resultsDir = quick
    ? `${mkdtempSync(join(tmpdir(), "rxwire-storm-"))}/`
    : (process.env["BENCH_RESULTS_DIR"] ?? fileURLToPath(new URL("./../results/", import.meta.url)));
  mkdirSync(resultsDir, { recursive: true });
  const firstRuns = stormClientNames.flatMap((name) => {
    const r = runs.get(name)?.[0];
    return r === undefined ? [] : [{ name, color: colors[name] ?? "#000", values: r.buckets }];
  });
  const firstRun = stormClientNames.map((n) => runs.get(n)?.[0]).find((r) => r !== undefined);
  const restartAt = (firstRun?.restartOffsetMs ?? downMs) / 1000;
  const svg = lineChartSvg(firstRuns, {
    title: `Reconnect storm: ${count} clients, connection attempts per 100 ms (each library's first reported round, defaults)`,
    xLabel: "seconds since the server was killed",
    yLabel: "attempts / 100 ms",
    bucketWidth: bucketMs / 1000,
    markers: [
      { x: 0, label: "killed" },
      { x: restartAt, label: "restarted" },
    ],
  });
  const png = await writeChart(svg, `${resultsDir}reconnect-storm.svg`, `${resultsDir}reconnect-storm.png`).catch(() => false);
  printResult(
    "reconnect-storm",
    {
      title: `Reconnect storm: ${count} clients, server SIGKILLed and restarted after ~${downMs / 1000} s, ${rounds} rounds (bound ${boundMs / 1000} s)`,
      header: ["client (defaults)", "all open again, after restart", "after kill", "peak attempts / 100 ms", "attempts", "left behind"],
      rows,
      notes: [
        `chart: ${quick ? resultsDir : "bench/results/"}reconnect-storm.${png ? "png" : "svg"}`,
        "target: 0 left behind",
        ...stormNotes(results),
      ],
    },
    {
      clients: count,
      rounds,
      downMs,
      results: Object.fromEntries([...results].map(([n, rs]) => [n, rs.map((r) => ("buckets" in r ? { ...r, buckets: undefined } : r))])),
    },
  );
  return runs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runReconnectStormBench();
