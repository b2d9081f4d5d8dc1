/**
 * Child process of the reconnect storm: `client-main.ts <client> <url> <count>`.
 * Starts `count` clients, prints `READY` once all are open, records every
 * connection attempt (a WebSocket constructed) and open-count change, and on
 * `REPORT` (stdin) or once all are open again after a drop + 1 s, prints RESULT.
 *
 * @module
 */
import WebSocket from "ws";
import { describeError, reportResult } from "../lib/child.js";
import { loadStormClient } from "./clients/index.js";

const [name = "", url = "", countText = "0"] = process.argv.slice(2);
const count = Number(countText);

const attempts: number[] = [];
class CountingWebSocket extends WebSocket {
  constructor(address: string, protocols?: string | string[]) {
    attempts.push(Date.now());
    super(address, protocols);
    // Peers and rxwire attach their own listeners; an unhandled 'error' must not crash the process.
    this.on("error", () => {});
  }
}

let open = 0;
let ready = false;
let dropped = false;
let allOpenAgainAt: number | undefined;
let firstDropAt: number | undefined;
let reported = false;

function report(): void {
  if (reported) return;
  reported = true;
  reportResult({ attempts, open, count, firstDropAt, allOpenAgainAt });
  process.exit(0);
}

try {
  const client = await loadStormClient(name);
  await client.prepare();
  const onOpenChange = (isOpen: boolean) => {
    open += isOpen ? 1 : -1;
    if (!ready && open === count) {
      ready = true;
      attempts.length = 0;
      process.stdout.write("READY\n");
    } else if (ready && !isOpen && !dropped) {
      dropped = true;
      firstDropAt = Date.now();
    } else if (dropped && open === count && allOpenAgainAt === undefined) {
      allOpenAgainAt = Date.now();
      setTimeout(report, 1000);
    }
  };
  for (let i = 0; i < count; i++) client.start(url, CountingWebSocket, onOpenChange);
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (line: string) => {
    if (line.includes("REPORT")) report();
  });
} catch (error) {
  reportResult({ error: describeError(error) });
  process.exit(0);
}
