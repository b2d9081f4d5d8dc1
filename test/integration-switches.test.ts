import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "../src/client.js";
import { createSwitchServer, type SwitchServer } from "../examples/switch-server.js";
import { Envelope, type SwitchStatus } from "../generated/switches_pb.js";
import { until, waitFor } from "./support/wait.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(): Promise<SwitchServer> {
  const server = createSwitchServer({ tickMs: 0 });
  await server.start();
  cleanups.push(() => server.stop());
  return server;
}

describe("the generated switches Envelope end to end (example server)", () => {
  it("should subscribe, get typed statuses, set a switch by request and ping", async () => {
    const server = await startServer();
    const client = createClient({
      url: server.url,
      codec: Envelope,
      heartbeat: {
        intervalMs: 20,
        timeoutMs: 2_000,
        ping: () => Envelope.create({ payload: { case: "ping", value: { nonce: 9n, sentAtMs: 0n } } }),
        isPong: (m) => m.payload?.case === "pong",
        livenessFrom: "pong",
      },
    });
    cleanups.push(() => client.dispose());
    const statuses: SwitchStatus[] = [];
    client.on("status").subscribe((s) => statuses.push(s));
    const pong = waitFor(client.on("pong"), (p) => p.nonce === 9n, 5_000, "pong");
    client.connect();
    await waitFor(client.state$, (s) => s.status === "open", 5_000, "open");
    client.send(Envelope.create({ payload: { case: "subscribe", value: { ids: ["lamp"] } } }));
    await until(() => statuses.length === 1, 5_000, "initial status");
    expect(statuses[0]).toMatchObject({ id: "lamp", on: false });

    const reply = await client.request(
      Envelope.create({ payload: { case: "set", value: { id: "lamp", on: true, level: 90 } } }),
      { timeoutMs: 5_000 },
    );
    expect(reply.payload).toEqual({ case: "ack", value: { id: reply.id } });
    await until(() => statuses.length === 2, 5_000, "pushed status");
    expect(statuses[1]).toEqual({ id: "lamp", name: "Desk lamp", on: true, level: 90 });
    await pong;
  });

  it("should reconnect after the server stops and starts again on the same port", async () => {
    const server = await startServer();
    const port = server.port;
    const client = createClient({
      url: server.url,
      codec: Envelope,
      reconnect: { initialDelayMs: 20, maxDelayMs: 50 },
    });
    cleanups.push(() => client.dispose());
    client.connect();
    await waitFor(client.state$, (s) => s.status === "open", 5_000, "open");
    await server.stop();
    await waitFor(client.state$, (s) => s.status === "reconnecting", 5_000, "reconnecting");
    await server.start(port);
    await waitFor(client.state$, (s) => s.status === "open", 5_000, "open again");
  });
});
