/**
 * `npm run demo`: an example switches server and an rxwire client, end to end.
 *
 * The client prints every connection state transition and every typed message.
 * Midway the server is killed (every socket dropped, like a crash) and comes
 * back a moment later on the same port: watch the client back off, reconnect,
 * re-subscribe and flush what was sent while it was down. Then the client
 * disposes and the process exits by itself.
 */
import { filter, firstValueFrom } from "rxjs";
import { createClient, isRxwireError } from "../src/index.js";
import { Envelope } from "../generated/switches_pb.js";
import { createSwitchServer } from "./switch-server.js";

const started = Date.now();
const stamp = (): string => `+${((Date.now() - started) / 1000).toFixed(2).padStart(5)}s`;
const log = (...parts: unknown[]): void => console.log(stamp(), ...parts);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// A hard stop in case something goes wrong: the demo must never hang.
const watchdog = setTimeout(() => {
  console.error("demo: still running after 25 s, giving up");
  process.exit(1);
}, 25_000);
watchdog.unref();

const server = createSwitchServer({ tickMs: 600 });
const port = await server.start();
log(`server  listening on ${server.url}`);

let nonce = 0n;
const client = createClient({
  url: `ws://127.0.0.1:${port}/`,
  codec: Envelope,
  connectTimeoutMs: 2_000,
  reconnect: { initialDelayMs: 250, maxDelayMs: 2_000, factor: 2, jitter: "full" },
  heartbeat: {
    intervalMs: 1_000,
    timeoutMs: 500,
    ping: () => Envelope.create({ payload: { case: "ping", value: { nonce: ++nonce, sentAtMs: BigInt(Date.now()) } } }),
    isPong: (message) => message.payload?.case === "pong",
    livenessFrom: "pong",
  },
  outbox: { limit: 32 },
});

client.state$.subscribe((state) => {
  const details = [
    state.attempt > 0 ? `attempt ${state.attempt}` : "",
    state.retryDelayMs !== undefined ? `retry in ${state.retryDelayMs} ms` : "",
    state.lastClose !== undefined && state.status !== "open" && state.status !== "connecting" ? `last close ${state.lastClose.code}${state.lastClose.reason ? ` (${state.lastClose.reason})` : ""}` : "",
  ].filter(Boolean);
  log(`state   ${state.status.padEnd(12)} ${details.join(", ")}`);
});

client.on("status").subscribe((s) => log(`message status  ${s.id.padEnd(6)} ${s.on ? "ON " : "off"} level ${s.level}  (${s.name})`));
client.on("ack").subscribe((ack) => log(`message ack     request ${ack.id}`));
client.on("error").subscribe((error) => log(`message error   request ${error.id}: ${error.code} ${error.message}`));
client.on("pong").subscribe((pong) => log(`message pong    nonce ${pong.nonce}, rtt ${Date.now() - Number(pong.sentAtMs)} ms`));
client.errors$.subscribe((error) => log(`error   ${isRxwireError(error) ? error.code : "?"}: ${error.message}`));

// Subscribe on every (re)open: the server forgets subscriptions with the connection.
client.state$.pipe(filter((state) => state.status === "open")).subscribe(() => {
  client.send(Envelope.create({ payload: { case: "subscribe", value: { ids: [] } } }));
});

client.connect();
await sleep(1_500);

const ack = await client.request(
  Envelope.create({ payload: { case: "set", value: { id: "lamp", on: true, level: 100 } } }),
  { timeoutMs: 2_000 },
);
log(`request set lamp → reply ${ack.payload?.case} for id ${ack.id}`);
const refused = await client.request(Envelope.create({ payload: { case: "set", value: { id: "toaster", on: true, level: 1 } } }));
log(`request set toaster → reply ${refused.payload?.case} for id ${refused.id}`);

await sleep(1_000);
log("server  KILLED (every connection dropped)");
await server.stop();

await sleep(300);
log("app     send SetSwitch fan while disconnected: queued in the outbox");
client.send(Envelope.create({ payload: { case: "set", value: { id: "fan", on: false, level: 0 } } }));

await sleep(1_500);
await server.start(port);
log(`server  RESTARTED on port ${port}`);

await firstValueFrom(client.state$.pipe(filter((state) => state.status === "open")));
await sleep(2_500);

log("app     close and dispose");
client.close(1000, "demo done");
await sleep(100);
const unsent = client.dispose();
log(`app     disposed, ${unsent.length} unsent message(s)`);
await server.stop();
log("server  stopped; the process now exits by itself");
