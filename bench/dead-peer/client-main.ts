/**
 * Child process of the dead-peer benchmark:
 * `client-main.ts <client> <url> <count> <intervalMs> <timeoutMs>`. Prints
 * READY once all clients are open; after `BLACKHOLE <epochMs>` on stdin records
 * when each client leaves `open`; prints RESULT when all have left or on REPORT.
 *
 * @module
 */
import { describeError, reportResult } from "../lib/child.js";
import { loadDeadPeerClient } from "./clients/index.js";

const [name = "", url = "", countText = "0", intervalText = "1000", timeoutText = "1000"] = process.argv.slice(2);
const count = Number(countText);
const hb = { intervalMs: Number(intervalText), timeoutMs: Number(timeoutText) };

let open = 0;
let ready = false;
let blackholedAt: number | undefined;
const leftAfterMs: number[] = [];
let reported = false;

function report(): void {
  if (reported) return;
  reported = true;
  reportResult({ leftAfterMs, count });
  process.exit(0);
}

try {
  const client = await loadDeadPeerClient(name);
  await client.prepare();
  const seen = new Set<number>();
  // Starts are spread over one heartbeat interval so the clients' heartbeat phases
  // differ, as they would in a real fleet; otherwise every client would probe in lockstep.
  const startOne = (i: number) =>
    client.start(url, hb, (isOpen) => {
      open += isOpen ? 1 : -1;
      if (!ready && open === count) {
        ready = true;
        process.stdout.write(`READY ${client.describe(hb)}\n`);
      }
      if (!isOpen && blackholedAt !== undefined && !seen.has(i)) {
        seen.add(i);
        leftAfterMs.push(Date.now() - blackholedAt);
        if (seen.size === count) report();
      }
    });
  for (let i = 0; i < count; i++) setTimeout(() => startOne(i), (i * hb.intervalMs) / count);
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (text: string) => {
    const match = /BLACKHOLE (\d+)/.exec(text);
    if (match !== null) blackholedAt = Number(match[1]);
    if (text.includes("REPORT")) report();
  });
} catch (error) {
  reportResult({ error: describeError(error) });
  process.exit(0);
}
