import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { WebSocket, WebSocketServer } from "ws";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createClient, type Client } from "../src/client.js";
import type { ClientOptions } from "../src/client-options.js";
import type { ConnectionState } from "../src/connection-state.js";
import type { WebSocketConstructor } from "../src/transport-websocket.js";
import {
  CallbackError,
  ConnectTimeoutError,
  ErrorCode,
  DecodeError,
  HandshakeRejectedError,
  HeartbeatTimeoutError,
  MessageTooLargeError,
  type RxwireError,
} from "../src/errors.js";
import { startFaultProxy } from "./support/fault-proxy.js";
import {
  startPeerClosingServer,
  startRejectingServer,
  startSilentServer,
  startTestWsServer,
  type TestWsServer,
} from "./support/servers.js";
import { envelope, frame, TestEnvelope, type Tick } from "./support/test-codec.js";
import { until, waitFor } from "./support/wait.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Answers pings with pongs and echoes chats, like the example servers do. */
function protocol(socket: WebSocket): void {
  socket.on("message", (data: Buffer) => {
    let message: TestEnvelope;
    try {
      message = TestEnvelope.decode(data);
    } catch {
      return;
    }
    if (message.payload?.case === "ping") socket.send(frame({ case: "pong", value: { nonce: message.payload.value.nonce } }));
    if (message.payload?.case === "chat") socket.send(TestEnvelope.encode(message));
  });
}

async function server(): Promise<TestWsServer> {
  const s = await startTestWsServer(protocol);
  cleanups.push(() => s.stop());
  return s;
}

function client(options: Partial<ClientOptions<TestEnvelope>> & { url: ClientOptions<TestEnvelope>["url"] }) {
  const c: Client<TestEnvelope> = createClient<TestEnvelope>({
    codec: TestEnvelope,
    connectTimeoutMs: 2_000,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100, factor: 2, jitter: "none" },
    ...options,
  });
  const errors: RxwireError[] = [];
  const states: ConnectionState[] = [];
  c.errors$.subscribe((e) => errors.push(e));
  c.state$.subscribe((s) => states.push(s));
  cleanups.push(() => c.dispose());
  const status = (name: ConnectionState["status"], what: string = name) =>
    waitFor(c.state$, (s) => s.status === name, 5_000, `state ${what}`);
  return { client: c, errors, states, status };
}

const tick = (price: number) => frame({ case: "tick", value: { symbol: "ACME", price } });

describe("client against a real ws server", () => {
  it("should open and deliver typed messages", async () => {
    const s = await server();
    const { client: c, status } = client({ url: s.url() });
    const ticks: Tick[] = [];
    c.on("tick").subscribe((t) => ticks.push(t));
    c.connect();
    await status("open");
    s.broadcast(tick(1));
    s.broadcast(tick(2));
    await until(() => ticks.length === 2, 5_000, "two ticks");
    expect(ticks.map((t) => t.price)).toEqual([1, 2]);
    const reply = await c.request(envelope({ case: "chat", value: { text: "echo me" } }), { timeoutMs: 5_000 });
    expect(reply.payload).toEqual({ case: "chat", value: { text: "echo me" } });
  });

  it("should back off and reconnect after a server restart, and messages flow again", async () => {
    const s = await server();
    const proxy = await startFaultProxy({ port: s.port });
    cleanups.push(() => proxy.close());
    const { client: c, states, status } = client({ url: proxy.url() });
    const ticks: Tick[] = [];
    c.on("tick").subscribe((t) => ticks.push(t));
    c.connect();
    await status("open");
    await s.restart();
    // Not "wait for open": the client may not have noticed the drop yet.
    await until(() => s.accepted >= 2 && c.actor.getSnapshot().matches("open"), 5_000, "open on a new connection");
    expect(states.some((st) => st.status === "reconnecting" && st.lastClose?.code === 1006)).toBe(true);
    s.broadcast(tick(42));
    await until(() => ticks.length === 1, 5_000, "tick after reconnect");
    expect(s.accepted).toBeGreaterThanOrEqual(2);
  });

  it("should detect a black-holed link by heartbeat timeout, terminate and reconnect", async () => {
    const s = await server();
    const proxy = await startFaultProxy({ port: s.port });
    cleanups.push(() => proxy.close());
    const { client: c, errors, status } = client({
      url: proxy.url(),
      connectTimeoutMs: 200,
      heartbeat: {
        intervalMs: 30,
        timeoutMs: 60,
        ping: () => envelope({ case: "ping", value: { nonce: 1n } }),
        isPong: (m) => m.payload?.case === "pong",
        livenessFrom: "pong",
      },
    });
    c.connect();
    await status("open");
    proxy.blackhole();
    await until(() => errors.some((e) => e instanceof HeartbeatTimeoutError), 5_000, "heartbeat timeout");
    expect(c.actor.getSnapshot().context.lastClose?.code).toBe(4900);
    proxy.restore();
    await status("open", "open after restore");
  });

  it("should fail on a 401 upgrade with HandshakeRejected and not retry", async () => {
    const rejecting = await startRejectingServer(401);
    cleanups.push(() => rejecting.close());
    const { client: c, errors, status } = client({ url: rejecting.url() });
    c.connect();
    await status("failed");
    const rejected = errors.find((e) => e instanceof HandshakeRejectedError);
    expect((rejected as HandshakeRejectedError | undefined)?.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rejecting.hits).toBe(1);
    expect(c.actor.getSnapshot().value).toBe("failed");
  });

  it.each([
    ["picks none of the offered subprotocols", (): false => false],
    ["picks a subprotocol we did not ask for", (): string => "other.v9"],
  ])("should fail with HandshakeRejected and not retry when the server %s", async (_what, pick) => {
    let accepted = 0;
    const wss = new WebSocketServer({
      host: "127.0.0.1",
      port: 0,
      // Select none here; the response header (if any) is written by hand below.
      handleProtocols: () => false,
    });
    wss.on("headers", (headers) => {
      const picked = pick();
      if (picked !== false) headers.push(`Sec-WebSocket-Protocol: ${picked}`);
    });
    wss.on("connection", () => accepted++);
    await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of wss.clients) socket.terminate();
          wss.close(() => resolve());
        }),
    );
    const { port } = wss.address() as AddressInfo;
    const { client: c, errors, status } = client({ url: `ws://127.0.0.1:${port}/`, protocols: ["rxwire.v1"] });
    c.connect();
    await status("failed");
    expect(errors.filter((e) => e instanceof HandshakeRejectedError)).toHaveLength(1);
    expect(c.actor.getSnapshot().context.lastClose?.code).toBe(4902);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(accepted).toBeLessThanOrEqual(1);
    expect(c.actor.getSnapshot().value).toBe("failed");
  });

  it("should time out against a silent TCP server and keep backing off", async () => {
    const silent = await startSilentServer();
    cleanups.push(() => silent.close());
    const { client: c, errors } = client({ url: silent.url(), connectTimeoutMs: 50 });
    c.connect();
    await waitFor(c.state$, (st) => st.status === "reconnecting" && st.attempt >= 2, 5_000, "second retry");
    expect(errors.filter((e) => e instanceof ConnectTimeoutError).length).toBeGreaterThanOrEqual(2);
    expect(silent.hits).toBeGreaterThanOrEqual(2);
  });

  it("should report malformed and oversized frames on errors$ and stay open", async () => {
    const s = await server();
    const { client: c, errors, status } = client({ url: s.url(), maxMessageBytes: 1_000 });
    const ticks: Tick[] = [];
    c.on("tick").subscribe((t) => ticks.push(t));
    c.connect();
    await status("open");
    s.broadcast(new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    s.broadcast(new Uint8Array(5_000));
    s.broadcast("a text frame");
    s.broadcast(tick(7));
    await until(() => ticks.length === 1, 5_000, "tick after bad frames");
    expect(errors.map((e) => e.constructor)).toEqual(
      expect.arrayContaining([DecodeError, MessageTooLargeError]),
    );
    expect(errors.map((e) => e.code)).toContain("RXWIRE_UNEXPECTED_TEXT_FRAME");
    expect(c.actor.getSnapshot().value).toMatchObject({ open: expect.anything() });
  });

  it("should report a message over ws's own maxPayload as MessageTooLargeError and close 1009", async () => {
    // ws's limit is 100 MiB by default; a constructor that lowers it keeps the test small.
    class SmallPayloadWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { maxPayload: 4_096 });
      }
    }
    const s = await server();
    const { client: c, errors, status } = client({
      url: s.url(),
      maxMessageBytes: 1_000,
      WebSocket: SmallPayloadWebSocket as unknown as WebSocketConstructor,
    });
    const ticks: Tick[] = [];
    c.on("tick").subscribe((t) => ticks.push(t));
    c.connect();
    await status("open");
    s.broadcast(new Uint8Array(2_000)); // over maxMessageBytes, under ws's limit: dropped, still open
    s.broadcast(tick(1));
    await until(() => ticks.length === 1, 5_000, "tick after the dropped frame");
    expect(errors).toEqual([expect.objectContaining({ code: ErrorCode.MessageTooLarge, size: 2_000, limit: 1_000 })]);
    s.broadcast(new Uint8Array(5_000)); // over ws's limit: ws refuses it and closes with 1009
    const failed = await status("failed");
    expect(failed.lastClose).toMatchObject({ code: 1009 });
    const tooLarge = errors.filter((e) => e instanceof MessageTooLargeError);
    expect(tooLarge).toHaveLength(2);
    expect(tooLarge[1]).toMatchObject({ size: undefined, limit: undefined });
    expect(errors.some((e) => e.code === ErrorCode.Transport)).toBe(false);
  });

  it("should keep a message sent after the server's close frame and deliver it on the next connection", async () => {
    const chats: string[] = [];
    const s = await startTestWsServer((socket) =>
      socket.on("message", (data: Buffer) => {
        const message = TestEnvelope.decode(data);
        if (message.payload?.case === "chat") chats.push(message.payload.value.text);
      }),
    );
    cleanups.push(() => s.stop());
    const peer = await startPeerClosingServer(s);
    cleanups.push(() => peer.close());
    const { client: c, errors, status } = client({ url: peer.url(), outbox: { limit: 10 } });
    c.connect();
    await status("open");
    await until(() => peer.receivedAfterUpgrade >= 8, 5_000, "the client's answer to the close frame");
    expect(c.actor.getSnapshot().matches("open")).toBe(true); // ws is CLOSING; rxwire has not heard of it yet
    c.send(envelope({ case: "chat", value: { text: "important" } }));
    expect(errors).toEqual([]);
    peer.dropFirst();
    await until(() => chats.length > 0, 5_000, "the message on the next connection");
    expect(chats).toEqual(["important"]);
    expect(peer.hits).toBe(2);
  });

  it("should survive a throwing shouldReconnect on a real drop: report it and reconnect", async () => {
    const s = await server();
    let calls = 0;
    const { client: c, errors, status } = client({
      url: s.url(),
      reconnect: {
        initialDelayMs: 20,
        jitter: "none",
        shouldReconnect: () => {
          if (calls++ === 0) throw new Error("policy not ready");
          return true;
        },
      },
    });
    c.connect();
    await status("open");
    for (const socket of s.sockets) socket.terminate();
    await until(() => s.accepted === 2 && c.actor.getSnapshot().matches("open"), 5_000, "open on a new connection");
    expect(errors.filter((e) => e instanceof CallbackError).map((e) => (e as CallbackError).callback)).toEqual([
      "reconnect.shouldReconnect",
    ]);
    c.send(envelope({ case: "chat", value: { text: "x" } }));
  });

  it("should survive a throwing isPong: report it, and let the heartbeat timeout decide", async () => {
    const s = await server();
    const { client: c, errors, status } = client({
      url: s.url(),
      heartbeat: {
        intervalMs: 20,
        timeoutMs: 100,
        livenessFrom: "pong",
        ping: () => envelope({ case: "ping", value: { nonce: 1n } }),
        isPong: () => {
          throw new Error("isPong bug");
        },
      },
    });
    c.connect();
    await status("open");
    await until(() => errors.some((e) => e instanceof HeartbeatTimeoutError), 5_000, "heartbeat timeout");
    expect(errors.find((e) => e instanceof CallbackError)).toMatchObject({ callback: "heartbeat.isPong" });
  });

  it("should leave nothing running after dispose: a child process exits by itself", async () => {
    const s = await server();
    const childPath = fileURLToPath(new URL("./support/dispose-child.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", childPath, s.url()], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = await new Promise<number | null>((resolve) => {
      const guard = setTimeout(() => {
        child.kill("SIGKILL");
        resolve(-1);
      }, 10_000);
      child.on("exit", (code) => {
        clearTimeout(guard);
        resolve(code);
      });
    });
    expect({ exit, stderr }).toEqual({ exit: 0, stderr: "" });
    expect(JSON.parse(stdout.trim())).toEqual({ disposed: true, unsent: 0 });
  });
});
