/**
 * Child process of the receive benchmark: `client-main.ts <client> <url> <kind>`.
 * Connects, asks for the blast, times it until the end marker (wall time and
 * this process's CPU time, user + system), prints RESULT.
 *
 * @module
 */
import { performance } from "node:perf_hooks";
import { describeError, reportResult } from "../lib/child.js";
import type { PayloadKind } from "../lib/payloads.js";
import { sink } from "../lib/protobufjs-touch.js";
import { loadReceiveClient } from "./clients/index.js";
import { mainThreadCpuMs } from "../lib/thread-cpu.js";

const [name = "", url = "", kind = "tick"] = process.argv.slice(2);

try {
  const client = await loadReceiveClient(name);
  let started = 0;
  let cpuStart = process.cpuUsage();
  let mainStart = mainThreadCpuMs();
  let finish: (received: number) => void = () => {};
  const finished = new Promise<{ ms: number; cpuMs: number; mainCpuMs: number | undefined; received: number }>((resolve) => {
    finish = (received) => {
      const cpu = process.cpuUsage(cpuStart);
      const main = mainThreadCpuMs();
      const mainCpuMs = main === undefined || mainStart === undefined ? undefined : main - mainStart;
      resolve({ ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, mainCpuMs, received });
    };
  });
  const session = await client.connect({ url, kind: kind as PayloadKind, done: (received) => finish(received) });
  cpuStart = process.cpuUsage();
  mainStart = mainThreadCpuMs();
  started = performance.now();
  session.start();
  const { ms, cpuMs, mainCpuMs, received } = await finished;
  reportResult({ ms, cpuMs, mainCpuMs, received, sink: sink.value % 7 });
  session.close();
} catch (error) {
  reportResult({ error: describeError(error) });
}
process.exit(0);
