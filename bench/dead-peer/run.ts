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
import { fmtInt, printResult } from "../lib/report.js";
import { quantile } from "../lib/stats.js";
import { deadPeerClientNames } from "./clients/index.js";

const heartbeat = { intervalMs: 1000, timeoutMs: 1000 };
/** Scheduling slack on top of interval + timeout before a detection counts as late. */
const slackMs = 100;

/** Runs the dead-peer benchmark and prints its table. */
export async function runDeadPeerBench(): Promise<unknown> {
  const count = size(100, 50);
  const rounds = roundCount(2, 1);
  const boundMs = 5 * (heartbeat.intervalMs + heartbeat.timeoutMs);
  const server = await startPongServer(0);
  const script = fileURLToPath(new URL("./client-main.ts", import.meta.url));
  const detections = new Map<string, number[]>(deadPeerClientNames.map((n) => [n, []]));
  const undetected = new Map<string, number>(deadPeerClientNames.map((n) => [n, 0]));
  const configured = new Map<string, string>();
  const errors = new Map<string, string>();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const name of deadPeerClientNames) {
        const proxy = await startFaultProxy({ port: server.port });
        const args = [name, `ws://127.0.0.1:${proxy.port}/`, String(count), String(heartbeat.intervalMs), String(heartbeat.timeoutMs)];
        const child = spawnLineChild(script, args, count + 512);
        try {
          const first = await child.waitFor(/^(READY (.*)|RESULT (.*))$/m, 30_000);
          if (first?.[2] === undefined) {
            const early = first?.[3] === undefined ? undefined : (JSON.parse(first[3]) as { error?: string });
            errors.set(name, early?.error ?? `not all open ${child.lastError()}`);
            continue;
          }
          configured.set(name, first[2]);
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
            errors.set(name, r?.error ?? `no result ${child.lastError()}`);
            continue;
          }
          detections.get(name)?.push(...r.leftAfterMs);
          undetected.set(name, (undetected.get(name) ?? 0) + r.count - r.leftAfterMs.length);
        } finally {
          await child.close();
          await proxy.close();
        }
      }
    }
  } finally {
    await server.close();
  }
  const limit = heartbeat.intervalMs + heartbeat.timeoutMs;
  const rows = deadPeerClientNames.map((name) => {
    const d = detections.get(name) ?? [];
    const missed = undetected.get(name) ?? 0;
    if (errors.has(name) && d.length === 0 && missed === 0) return [name, `n/a: ${errors.get(name)}`, "", "", "", "", "", ""];
    const q = (p: number) => (d.length === 0 ? "—" : fmtInt(quantile(d, p)));
    const late = d.filter((t) => t > limit + slackMs).length;
    return [
      name,
      configured.get(name) ?? "",
      q(0),
      q(0.5),
      q(0.9),
      q(1),
      `${d.length - late}/${d.length + missed}`,
      String(missed),
    ];
  });
  printResult(
    "dead-peer",
    {
      title: `Dead-peer detection: ${count} clients, link blackholed by a TCP proxy, ${rounds} rounds (bound ${boundMs / 1000} s)`,
      header: ["client", "configured", "min ms", "p50 ms", "p90 ms", "max ms", `within ${limit}+${slackMs} ms`, "never left open"],
      rows,
      notes: [`expected window: (0, interval + timeout] = (0, ${limit}] ms after the blackhole`],
    },
    {
      clients: count,
      rounds,
      heartbeat,
      boundMs,
      detectionsMs: Object.fromEntries(detections),
      undetected: Object.fromEntries(undetected),
      errors: Object.fromEntries(errors),
    },
  );
  return detections;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runDeadPeerBench();
