import type { Socket } from "node:net";
import { setImmediate as nextMacrotask } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket, { type WebSocket as ServerSocket } from "ws";
import { createClient, type Client } from "../src/client.js";
import type { ClientOptions } from "../src/client-options.js";
import type { Transport } from "../src/transport.js";
import { createWebSocketTransportFactory, type WebSocketConstructor } from "../src/transport-websocket.js";
import { startTestWsServer, type TestWsServer } from "./support/servers.js";
import { envelope, TestEnvelope } from "./support/test-codec.js";
import { until, waitFor } from "./support/wait.js";

/** A `ws` WebSocket that remembers every instance, so tests can look at the net.Socket under it. */
class SpyWebSocket extends WebSocket {
  static readonly created: SpyWebSocket[] = [];
  /** Every payload handed to send(), as given. */
  readonly handed: unknown[] = [];
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    SpyWebSocket.created.push(this);
  }
  override send(data: Uint8Array): void {
    this.handed.push(data);
    super.send(data);
  }
  /** The underlying TCP socket (ws's `_socket`), once the upgrade is done. */
  get tcp(): Socket {
    const tcp = (this as unknown as { _socket: Socket | null })._socket;
    if (tcp === null) throw new Error("no socket yet");
    return tcp;
  }
}
const SpyConstructor = SpyWebSocket as unknown as WebSocketConstructor;

/** What a server-side socket received, in order: data frames, then its close. */
interface Received {
  frames: Buffer[];
  closed?: { code: number; reason: string; framesBefore: number };
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  SpyWebSocket.created.length = 0;
});

/** A server that records, per connection, every frame and the close (with how many frames came before it). */
async function recordingServer(): Promise<{ server: TestWsServer; connections: Received[] }> {
  const connections: Received[] = [];
  const server = await startTestWsServer((socket: ServerSocket) => {
    const received: Received = { frames: [] };
    connections.push(received);
    socket.on("message", (data: Buffer) => received.frames.push(data));
    socket.on("close", (code, reason) => {
      received.closed = { code, reason: reason.toString(), framesBefore: received.frames.length };
    });
  });
  cleanups.push(() => server.stop());
  return { server, connections };
}

function u32(n: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, n);
  return bytes;
}

const u32s = (frames: readonly Buffer[]): number[] => frames.map((f) => (f.length === 4 ? f.readUInt32BE(0) : -1));
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
const seqs = (received: Received): bigint[] => received.frames.map((f) => TestEnvelope.decode(f).seq);
const chat = (seq: number) => envelope({ case: "chat", value: { text: `m${seq}` } }, BigInt(seq));

function rxClient(options: Omit<Partial<ClientOptions<TestEnvelope>>, "url"> & { url: string }): Client<TestEnvelope> {
  const client = createClient<TestEnvelope>({
    codec: TestEnvelope,
    connectTimeoutMs: 2_000,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100, factor: 2, jitter: "none" },
    ...options,
  });
  cleanups.push(() => client.dispose());
  return client;
}

async function openedClient(url: string, options: Omit<Partial<ClientOptions<TestEnvelope>>, "url"> = {}): Promise<Client<TestEnvelope>> {
  const client = rxClient({ url, WebSocket: SpyConstructor, ...options });
  client.connect();
  await waitFor(client.state$, (s) => s.status === "open", 5_000, "open");
  return client;
}

/** A bare transport (no client) on a spied ws socket, once open. */
async function openedTransport(url: string): Promise<Transport> {
  let opened = false;
  const transport = createWebSocketTransportFactory(SpyConstructor)(url, undefined, {
    open: () => (opened = true),
    frame: () => undefined,
    close: () => undefined,
    error: () => undefined,
  });
  cleanups.push(() => transport.terminate());
  await until(() => opened, 5_000, "open");
  return transport;
}

function lastSpy(): SpyWebSocket {
  const socket = SpyWebSocket.created.at(-1);
  if (socket === undefined) throw new Error("no WebSocket created");
  return socket;
}

describe("send coalescing (one socket write per tick)", () => {
  it("should cork a tick's sends, uncork them in a microtask, and deliver each as its own frame, in order, within and across ticks", async () => {
    const { server, connections } = await recordingServer();
    const transport = await openedTransport(server.url());
    const tcp = lastSpy().tcp;
    let next = 0;
    for (let tick = 0; tick < 3; tick++) {
      for (const end = next + 200; next < end; ) transport.send(u32(next++));
      expect(tcp.writableCorked).toBe(1);
      await Promise.resolve();
      expect(tcp.writableCorked).toBe(0);
      await nextMacrotask();
    }
    await until(() => connections[0]?.frames.length === 600, 5_000, "600 frames");
    expect(u32s(connections[0]?.frames ?? [])).toEqual(range(0, 600));
  });

  it("should hand ws small frames as Buffers with the same bytes, and larger ones as they are", async () => {
    const { server, connections } = await recordingServer();
    const transport = await openedTransport(server.url());
    const small = new Uint8Array(64).map((_, i) => i + 1);
    const large = new Uint8Array(65).map((_, i) => 200 - i);
    transport.send(small);
    transport.send(large);
    const [handedSmall, handedLarge] = lastSpy().handed;
    expect(Buffer.isBuffer(handedSmall)).toBe(true);
    expect(handedSmall).not.toBe(small);
    expect(handedLarge).toBe(large);
    await until(() => connections[0]?.frames.length === 2, 5_000, "two frames");
    expect(connections[0]?.frames.map((f) => [...f])).toEqual([[...small], [...large]]);
  });

  it("should send straight through a socket whose _socket cannot be corked", () => {
    const sent: Uint8Array[] = [];
    class NoCorkSocket {
      binaryType = "blob";
      _socket = { cork: "not a function" };
      onopen = null;
      onmessage = null;
      onclose = null;
      onerror = null;
      send(data: Uint8Array): void {
        sent.push(data);
      }
      close(): void {}
    }
    const transport = createWebSocketTransportFactory(NoCorkSocket as unknown as WebSocketConstructor)("ws://127.0.0.1:9/", undefined, {
      open: () => undefined,
      frame: () => undefined,
      close: () => undefined,
      error: () => undefined,
    });
    transport.send(u32(7));
    expect(sent).toEqual([u32(7)]);
  });

  it("should deliver every send of a tick before the close frame when close() follows in the same tick", async () => {
    const { server, connections } = await recordingServer();
    const client = await openedClient(server.url());
    for (let i = 1; i <= 300; i++) client.send(chat(i));
    client.close(1000, "bye");
    await until(() => connections[0]?.closed !== undefined, 5_000, "server sees the close");
    const received = connections[0] as Received;
    expect(received.closed).toEqual({ code: 1000, reason: "bye", framesBefore: 300 });
    expect(seqs(received)).toEqual(range(1, 301).map(BigInt));
    await waitFor(client.state$, (s) => s.status === "closed", 5_000, "closed");
  });

  it("should flush a tick's sends before dispose() closes, and leave no corked socket or pending flush behind", async () => {
    const { server, connections } = await recordingServer();
    const client = await openedClient(server.url());
    const tcp = lastSpy().tcp;
    for (let i = 1; i <= 300; i++) client.send(chat(i));
    expect(tcp.writableCorked).toBe(1);
    expect(client.dispose()).toEqual([]);
    expect(tcp.writableCorked).toBe(0);
    expect(tcp.destroyed).toBe(true);
    await until(() => connections[0]?.closed !== undefined, 5_000, "server sees the close");
    const received = connections[0] as Received;
    expect(received.closed).toEqual({ code: 1000, reason: "client disposed", framesBefore: 300 });
    expect(seqs(received)).toEqual(range(1, 301).map(BigInt));
    // The microtask queued by the first send finds nothing left to do (and does not throw).
    await Promise.resolve();
    expect(tcp.writableCorked).toBe(0);
  });

  it("should not throw from send() when the socket dies while corked, and queue later sends in the outbox until the reconnect", async () => {
    const { server, connections } = await recordingServer();
    const client = await openedClient(server.url(), { outbox: { limit: 100 } });
    const errors: unknown[] = [];
    client.errors$.subscribe((e) => errors.push(e));
    const first = lastSpy();
    client.send(chat(1));
    first.tcp.destroy(new Error("link died while corked"));
    expect(() => client.send(chat(2))).not.toThrow();
    await waitFor(client.state$, (s) => s.status === "reconnecting", 5_000, "reconnecting");
    for (let i = 3; i <= 5; i++) client.send(chat(i));
    await until(() => connections[1]?.frames.length === 3, 5_000, "the outbox on the second connection");
    expect(seqs(connections[1] as Received)).toEqual([3n, 4n, 5n]);
    expect(SpyWebSocket.created).toHaveLength(2);
    client.send(chat(6));
    await until(() => connections[1]?.frames.length === 4, 5_000, "a direct send after the reconnect");
    expect(seqs(connections[1] as Received)).toEqual([3n, 4n, 5n, 6n]);
  });
});
