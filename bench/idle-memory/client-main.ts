/**
 * Child process of the idle-memory benchmark (run with --expose-gc):
 * `client-main.ts <client> <url> <count>`. Measures heap and RSS growth per
 * open idle connection after full GCs.
 *
 * @module
 */
import { setTimeout as sleep } from "node:timers/promises";
import { describeError, reportResult } from "../lib/child.js";
import { loadIdleClient } from "./clients/index.js";

const [name = "", url = "", countText = "0"] = process.argv.slice(2);
const count = Number(countText);
const gc = (globalThis as { gc?: () => void }).gc;

async function settle(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 4; i++) {
    gc?.();
    await sleep(20);
  }
  return process.memoryUsage();
}

try {
  if (gc === undefined) throw new Error("run with --expose-gc");
  const client = await loadIdleClient(name);
  await client.prepare();
  // One throwaway connection warms up lazily-built module state (not per-connection cost).
  await client.open(url);
  const before = await settle();
  const keep: unknown[] = [];
  const batch = 100;
  for (let i = 0; i < count; i += batch) {
    const opened = await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => client.open(url)));
    keep.push(...opened);
  }
  await sleep(500);
  const after = await settle();
  reportResult({
    heapPerConn: (after.heapUsed - before.heapUsed) / count,
    rssPerConn: (after.rss - before.rss) / count,
    externalPerConn: (after.external - before.external) / count,
    open: keep.length,
  });
} catch (error) {
  reportResult({ error: describeError(error) });
}
process.exit(0);
