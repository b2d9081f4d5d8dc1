/**
 * Benchmark 6: dead-peer detection. N clients connect through a fault proxy;
 * the proxy blackholes every link (no bytes, no FIN, no RST). Measured: time
 * from the blackhole until each client leaves `open`, against the configured
 * heartbeat interval + timeout (the worst case a heartbeat allows).
 *
 * @module
 */
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { rounds as roundCount, size } from "../lib/config.js";
import { startFaultProxy } from "../../test/support/fault-proxy.js";
import { parseResult, spawnLineChild } from "../lib/line-child.js";
import { startPongServer } from "../lib/pong-server.js";
import { failedRoundsNotes, fmtInt, labelWithRounds, printResult } from "../lib/report.js";
import { quantile } from "../lib/stats.js";
import { deadPeerClientNames } from "./clients/index.js";

const heartbeat = { intervalMs: 1000, timeoutMs: 1000 };
/** Scheduling slack on top of interval + timeout before a detection counts as late. */
const slackMs = 100;
/** How long a round waits for every client to leave `open` before asking for a report. */
const boundMs = 5 * (heartbeat.intervalMs + heartbeat.timeoutMs);

/** What the rounds of one contender gave. */
export interface DeadPeerTally {
  /** Per client of every reporting round, ms from the blackhole until it left `open`. */
  detections: number[];
  /** Clients of reporting rounds that never left `open` within the bound. */
  undetected: number;
  /** The client's heartbeat settings as it describes them. */
  configured: string | undefined;
  roundsRun: number;
  roundsFailed: number;
  lastError: string | undefined;
}

/** An empty tally. */
function newTally(): DeadPeerTally {
  return { detections: [], undetected: 0, configured: undefined, roundsRun: 0, roundsFailed: 0, lastError: undefined };
}

/**
 * The table row of one contender. "Within" counts against every client of
 * every round run (`clientsPerRound` × rounds), so a failed round lowers the
 * share instead of shrinking the denominator; the label says "k/n rounds".
 */
export function deadPeerRow(name: string, tally: DeadPeerTally, clientsPerRound: number, limitMs: number): string[] {
  const d = tally.detections;
  const label = labelWithRounds(name, tally.roundsRun - tally.roundsFailed, tally.roundsRun);
  if (tally.roundsFailed === tally.roundsRun) return [label, `n/a: ${tally.lastError ?? "failed"}`, "", "", "", "", "", ""];
  const q = (p: number) => (d.length === 0 ? "—" : fmtInt(quantile(d, p)));
  const late = d.filter((t) => t > limitMs + slackMs).length;
  return [
    label,
    tally.configured ?? "",
    q(0),
    q(0.5),
    q(0.9),
    q(1),
    `${d.length - late}/${clientsPerRound * tally.roundsRun}`,
    String(tally.undetected),
  ];
}

/** Runs one round of one contender through a fresh fault proxy and adds it to `tally`. */
async function deadPeerRound(name: string, count: number, serverPort: number, tally: DeadPeerTally): Promise<void> {
  const script = fileURLToPath(new URL("./client-main.ts", import.meta.url));
  const proxy = await startFaultProxy({ port: serverPort });
  const args = [name, `ws://127.0.0.1:${proxy.port}/`, String(count), String(heartbeat.intervalMs), String(heartbeat.timeoutMs)];
  const child = spawnLineChild(script, args, count + 512);
  tally.roundsRun++;
  const fail = (error: string) => {
    tally.roundsFailed++;
    tally.lastError = error;
  };
  try {
    const first = await child.waitFor(/^(READY (.*)|RESULT (.*))$/m, 30_000);
    if (first?.[2] === undefined) {
      const early = first?.[3] === undefined ? undefined : (JSON.parse(first[3]) as { error?: string });
      fail(early?.error ?? `not all open ${child.lastError()}`);
      return;
    }
    tally.configured = first[2];
    // Let a few heartbeats pass so clients are mid-cycle at random phases.
    await sleep(1.5 * heartbeat.intervalMs);
    const blackholedAt = Date.now();
    proxy.blackhole();
    child.send(`BLACKHOLE ${blackholedAt}`);
    let line = await child.waitFor(/^RESULT (.*)$/m, boundMs);
    if (line === undefined) {
      child.send("REPORT");
      line = await child.waitFor(/^RESULT (.*)$/m, 5000);
    }
    const r = parseResult<{ leftAfterMs: number[]; count: number; error?: string }>(line);
    if (r === undefined || r.error !== undefined) {
      fail(r?.error ?? `no result ${child.lastError()}`);
      return;
    }
    tally.detections.push(...r.leftAfterMs);
    tally.undetected += r.count - r.leftAfterMs.length;
  } finally {
    await child.close();
    await proxy.close();
  }
}

/** Runs the dead-peer benchmark and prints its table. */
export async function runDeadPeerBench(): Promise<unknown> {
  const count = size(100, 50);
  const rounds = roundCount(2, 1);
  const server = await startPongServer(0);
  const tallies = new Map<string, DeadPeerTally>(deadPeerClientNames.map((n) => [n, newTally()]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const name of deadPeerClientNames) await deadPeerRound(name, count, server.port, tallies.get(name) ?? newTally());
    }
  } finally {
    await server.close();
  }
  const limit = heartbeat.intervalMs + heartbeat.timeoutMs;
  printResult(
    "dead-peer",
    {
      title: `Dead-peer detection: ${count} clients, link blackholed by a TCP proxy, ${rounds} rounds (bound ${boundMs / 1000} s)`,
      header: ["client", "configured", "min ms", "p50 ms", "p90 ms", "max ms", `within ${limit}+${slackMs} ms`, "never left open"],
      rows: [...tallies].map(([name, tally]) => deadPeerRow(name, tally, count, limit)),
      notes: [
        `expected window: (0, interval + timeout] = (0, ${limit}] ms after the blackhole`,
        ...failedRoundsNotes(
          [...tallies].map(([name, t]) => ({ name, succeeded: t.roundsRun - t.roundsFailed, run: t.roundsRun, lastError: t.lastError })),
        ),
      ],
    },
    {
      clients: count,
      rounds,
      heartbeat,
      boundMs,
      detectionsMs: Object.fromEntries([...tallies].map(([name, t]) => [name, t.detections])),
      undetected: Object.fromEntries([...tallies].map(([name, t]) => [name, t.undetected])),
      errors: Object.fromEntries([...tallies].flatMap(([name, t]) => (t.lastError === undefined ? [] : [[name, t.lastError]]))),
      failedRounds: Object.fromEntries([...tallies].map(([name, t]) => [name, t.roundsFailed])),
    },
  );
  return tallies;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runDeadPeerBench();
