/**
 * Child process of the send benchmark: `client-main.ts <client> <url> <kind> <count>`.
 * Sends `count` messages in batches (yielding between batches so the socket
 * drains, as an app would) and times until the server confirms it counted all.
 *
 * @module
 */
import { performance } from "node:perf_hooks";
import { describeError, reportResult } from "../lib/child.js";
import type { PayloadKind } from "../lib/payloads.js";
import { loadSendClient } from "./clients/index.js";

const [name = "", url = "", kind = "tick", countText = "0"] = process.argv.slice(2);
const count = Number(countText);
const batch = 1000;

try {
  const client = await loadSendClient(name);
  let replied: () => void = () => {};
  const confirmed = new Promise<void>((resolve) => (replied = resolve));
  const session = await client.connect({ url, kind: kind as PayloadKind, replied: () => replied() });
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (let sent = 0; sent < count; ) {
    const end = Math.min(count, sent + batch);
    for (; sent < end; sent++) session.send(sent);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await confirmed;
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  reportResult({ ms, cpuMs: (cpu.user + cpu.system) / 1000, sent: count });
  session.close();
} catch (error) {
  reportResult({ error: describeError(error) });
}
process.exit(0);
