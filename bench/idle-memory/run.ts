/**
 * Benchmark 3: memory per idle open connection. Each contender opens N
 * connections in a fresh `--expose-gc` process (rounds interleaved) against a
 * pong server in its own process; heap and RSS growth after GC, per connection.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { fdLimits, runChild } from "../lib/child.js";
import { rounds as roundCount, size } from "../lib/config.js";
import { failedRoundsNotes, fmt, fmtRatio, labelWithRounds, printResult } from "../lib/report.js";
import { startPongServerProcess } from "../lib/server-process.js";
import { summarise } from "../lib/stats.js";
import { idleClientNames } from "./clients/index.js";

const baseline = "ws";

/** Runs the idle-memory benchmark and prints its table. */
export async function runIdleMemoryBench(): Promise<unknown> {
  const connections = size(2000, 500);
  const limits = fdLimits();
  const minFds = connections + 512;
  const server = await startPongServerProcess(0, minFds);
  const script = fileURLToPath(new URL("./client-main.ts", import.meta.url));
  const heap = new Map<string, number[]>(idleClientNames.map((n) => [n, []]));
  const rss = new Map<string, number[]>(idleClientNames.map((n) => [n, []]));
  const errors = new Map<string, string>();
  const rounds = roundCount(3, 1);
  try {
    for (let round = 0; round < rounds; round++) {
      for (const name of idleClientNames) {
        const r = await runChild(script, [name, `ws://127.0.0.1:${server.port}/`, String(connections)], {
          nodeArgs: ["--expose-gc"],
          timeoutMs: 90_000,
          minFds,
        });
        const ok = r.ok && typeof r.value["heapPerConn"] === "number";
        if (!ok) errors.set(name, r.ok ? String(r.value["error"]) : r.error);
        heap.get(name)?.push(ok ? (r.value["heapPerConn"] as number) / 1024 : Number.NaN);
        rss.get(name)?.push(ok ? (r.value["rssPerConn"] as number) / 1024 : Number.NaN);
      }
    }
  } finally {
    await server.stop();
  }
  const heapSummary = summarise(heap, baseline);
  const rssSummary = summarise(rss, baseline);
  printResult(
    "idle-memory",
    {
      title: `Idle memory per open connection: ${connections} connections, ${rounds} rounds (lower is better)`,
      header: ["client", "heap KB/conn", "heap min–max", "heap ÷ ws heap", "RSS KB/conn", "RSS ÷ ws RSS"],
      rows: heapSummary.map((h, i) => {
        const r = rssSummary[i];
        const label = labelWithRounds(h.name + (h.name === baseline ? " (baseline)" : ""), h.rounds, h.roundsRun);
        if (h.rounds === 0) return [label, "n/a", "", `n/a: ${errors.get(h.name) ?? "failed"}`, "", ""];
        return [
          label,
          fmt(h.value.median),
          `${fmt(h.value.min)}–${fmt(h.value.max)}`,
          fmtRatio(h.ratio),
          fmt(r?.value.median),
          fmtRatio(r?.ratio),
        ];
      }),
      notes: [
        `fd limit here: soft ${limits.soft}, hard ${limits.hard}; children get ≥ ${minFds} via ulimit when needed`,
        "target: rxwire below every peer and < 1.70× raw ws heap",
        ...failedRoundsNotes(heapSummary.map((h) => ({ name: h.name, succeeded: h.rounds, run: h.roundsRun, lastError: errors.get(h.name) }))),
      ],
    },
    { connections, rounds, baseline, heapKB: heapSummary, rssKB: rssSummary, errors: Object.fromEntries(errors) },
  );
  return { heapSummary, rssSummary };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runIdleMemoryBench();
