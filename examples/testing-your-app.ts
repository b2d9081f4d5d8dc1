/**
 * Client usage in your app's own tests: a real rxwire client against the
 * in-memory transport and a manual clock from `rxwire/testing` — no server, no
 * sleeps. Run it: `npx tsx examples/testing-your-app.ts`.
 *
 * In an app, import from "rxwire" and "rxwire/testing" instead of the
 * relative paths used inside this repository.
 */
import assert from "node:assert/strict";
import { createClient, type ConnectionStatus } from "../src/index.js";
import { createFakeTransport, TestClock } from "../src/testing/index.js";
import { Envelope, type SwitchStatus } from "../generated/switches_pb.js";

const fake = createFakeTransport();
const clock = new TestClock();
const client = createClient({
  url: "wss://switches.example/ws",
  codec: Envelope,
  transport: fake.factory, // every attempt becomes a FakeSocket the test drives
  clock, // connect timeout, heartbeat and backoff all run on this clock
  random: () => 0.5, // deterministic jitter
  reconnect: { initialDelayMs: 1_000, jitter: "none" },
  outbox: { limit: 10 },
});

const statuses: ConnectionStatus[] = [];
const lamps: SwitchStatus[] = [];
client.state$.subscribe((state) => statuses.push(state.status));
client.on("status").subscribe((status) => lamps.push(status));

// The app subscribes before it is connected: the message waits in the outbox.
client.send(Envelope.create({ payload: { case: "subscribe", value: { ids: ["lamp"] } } }));
client.connect();
fake.open();
assert.equal(fake.socket.sent.length, 1);
assert.equal(Envelope.decode(fake.socket.sent[0] as Uint8Array).payload?.case, "subscribe");

// The "server" pushes a status.
fake.receive(Envelope.encode({ seq: 1n, id: 0n, payload: { case: "status", value: { id: "lamp", name: "Lamp", on: true, level: 80 } } }));
assert.deepEqual(lamps, [{ id: "lamp", name: "Lamp", on: true, level: 80 }]);

// The connection drops; time moves by exactly the backoff; a new socket is dialled.
fake.serverClose(1006);
assert.equal(statuses.at(-1), "reconnecting");
clock.advance(1_000);
assert.equal(fake.sockets.length, 2);
fake.open();
assert.equal(statuses.at(-1), "open");

const unsent = client.dispose();
assert.deepEqual(unsent, []);
assert.equal(clock.pendingTimers, 0);
console.log("ok:", statuses.join(" → "));
