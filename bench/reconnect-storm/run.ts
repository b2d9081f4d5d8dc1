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
import { parseResult, spawnLineChild } from "../lib/line-child.js";
import { quick, rounds as roundCount, size } from "../lib/config.js";
import { fmt, fmtInt, printResult } from "../lib/report.js";
import { startPongServerProcess, type ServerProcess } from "../lib/server-process.js";
import { spread } from "../lib/stats.js";
import { stormClientNames } from "./clients/index.js";

const bucketMs = 100;
const downMs = 2000;
const boundMs = 60_000;
const colors: Record<string, string> = { rxwire: "#d62728", "reconnecting-websocket": "#1f77b4", partysocket: "#2ca02c" };

interface StormRun {
  recoveryFromRestartMs: number;
  recoveryFromKillMs: number;
  peakPer100ms: number;
  totalAttempts: number;
  leftBehind: number;
  /** Attempts per 100 ms bucket since the kill. */
  buckets: number[];
  restartOffsetMs: number;
}

/** Runs one storm for one contender; the server process is replaced (returned via `holder`). */
async function stormOnce(name: string, count: number, holder: { server: ServerProcess }): Promise<StormRun | string> {
  const port = holder.server.port;
  const script = fileURLToPath(new URL("./client-main.ts", import.meta.url));
  const child = spawnLineChild(script, [name, `ws://127.0.0.1:${port}/`, String(count)], count + 512);
  try {
    const first = await child.waitFor(/^(READY|RESULT (.*))$/m, 60_000);
    if (first?.[1] !== "READY") {
      const early = first?.[2] === undefined ? undefined : (JSON.parse(first[2]) as { error?: string });
      return early?.error ?? `not all open within 60 s ${child.lastError()}`;
    }
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
    const r = parseResult<{ attempts: number[]; open: number; count: number; allOpenAgainAt?: number; error?: string }>(line);
    if (r === undefined) return `no result: ${child.lastError()}`;
    if (r.error !== undefined) return r.error;
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

/** Runs the reconnect-storm benchmark, prints its table and writes the chart. */
export async function runReconnectStormBench(): Promise<unknown> {
  const count = size(1000, 200);
  const rounds = roundCount(2, 1);
  const holder = { server: await startPongServerProcess(0, count + 512) };
  const runs = new Map<string, StormRun[]>(stormClientNames.map((n) => [n, []]));
  const errors = new Map<string, string>();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const name of stormClientNames) {
        const r = await stormOnce(name, count, holder);
        if (typeof r === "string") errors.set(name, r);
        else runs.get(name)?.push(r);
      }
    }
  } finally {
    await holder.server.stop();
  }
  const rows = stormClientNames.map((name) => {
    const rs = runs.get(name) ?? [];
    if (rs.length === 0) return [name, `n/a: ${errors.get(name) ?? "failed"}`, "", "", "", ""];
    const rec = spread(rs.map((r) => r.recoveryFromRestartMs));
    const recKill = spread(rs.map((r) => r.recoveryFromKillMs));
    const peak = spread(rs.map((r) => r.peakPer100ms));
    return [
      name,
      `${fmt(rec.median / 1000)} s (${fmt(rec.min / 1000)}–${fmt(rec.max / 1000)})`,
      `${fmt(recKill.median / 1000)} s`,
      `${fmtInt(peak.median)} (${fmtInt(peak.min)}–${fmtInt(peak.max)})`,
      fmtInt(spread(rs.map((r) => r.totalAttempts)).median),
      String(Math.max(...rs.map((r) => r.leftBehind))),
    ];
  });
  // A quick pass must not overwrite the chart the README links to.
  const resultsDir = quick ? `${mkdtempSync(join(tmpdir(), "rxwire-storm-"))}/` : fileURLToPath(new URL("./../results/", import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  const firstRuns = stormClientNames.flatMap((name) => {
    const r = runs.get(name)?.[0];
    return r === undefined ? [] : [{ name, color: colors[name] ?? "#000", values: r.buckets }];
  });
  const firstRun = stormClientNames.map((n) => runs.get(n)?.[0]).find((r) => r !== undefined);
  const restartAt = (firstRun?.restartOffsetMs ?? downMs) / 1000;
  const svg = lineChartSvg(firstRuns, {
    title: `Reconnect storm: ${count} clients, connection attempts per 100 ms (round 1, library defaults)`,
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
      notes: [`chart: ${quick ? resultsDir : "bench/results/"}reconnect-storm.${png ? "png" : "svg"}`, "target: 0 left behind"],
    },
    {
      clients: count,
      rounds,
      downMs,
      results: Object.fromEntries([...runs].map(([n, rs]) => [n, rs.map(({ buckets: _b, ...rest }) => rest)])),
      errors: Object.fromEntries(errors),
    },
  );
  return runs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runReconnectStormBench();
