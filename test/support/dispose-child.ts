/**
 * Child process for the "dispose leaves nothing running" integration test:
 * connects to argv[2], waits until open, queues nothing, disposes, and then
 * must exit on its own (no timer, socket or listener left). Prints one JSON line.
 */
import { filter, firstValueFrom, timeout } from "rxjs";
import { createClient } from "../../src/client.js";
import { envelope, TestEnvelope } from "./test-codec.js";

const url = process.argv[2];
if (url === undefined) throw new Error("usage: dispose-child <url>");

const client = createClient({
  url,
  codec: TestEnvelope,
  heartbeat: { intervalMs: 50, timeoutMs: 1_000, ping: () => envelope({ case: "ping", value: { nonce: 1n } }) },
  reconnect: { initialDelayMs: 10_000 },
  outbox: { limit: 4 },
});
client.connect();
await firstValueFrom(client.state$.pipe(filter((s) => s.status === "open"), timeout(5_000)));
client.send(envelope({ case: "chat", value: { text: "hello" } }));
const unsent = client.dispose();
console.log(JSON.stringify({ disposed: true, unsent: unsent.length }));
