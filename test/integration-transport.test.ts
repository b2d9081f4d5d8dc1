import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../src/errors.js";
import type { Transport, TransportErrorInfo } from "../src/transport.js";
import { createWebSocketTransportFactory } from "../src/transport-websocket.js";
import { startFaultProxy, type FaultProxy } from "./support/fault-proxy.js";
import {
  startPeerClosingServer,
  startRejectingServer,
  startSilentServer,
  startTestWsServer,
  type ClosableServer,
  type TestWsServer,
} from "./support/servers.js";
import { until } from "./support/wait.js";

type Event =
  | { type: "open" }
  | { type: "frame"; data: Uint8Array | string }
  | { type: "close"; code: number; reason: string; wasClean: boolean }
  | { type: "error"; info: TransportErrorInfo };

function dial(url: string): { transport: Transport; events: Event[] } {
  const events: Event[] = [];
  const transport = createWebSocketTransportFactory()(url, undefined, {
    open: () => events.push({ type: "open" }),
    frame: (data) => events.push({ type: "frame", data }),
    close: (code, reason, wasClean) => events.push({ type: "close", code, reason, wasClean }),
    error: (info) => events.push({ type: "error", info }),
  });
  return { transport, events };
}

const has = (events: Event[], type: Event["type"]) => () => events.some((e) => e.type === type);

describe("WebSocket transport against real sockets", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function echoServer(): Promise<TestWsServer> {
    const server = await startTestWsServer((socket) => {
      socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary }));
    });
    cleanups.push(() => server.stop());
    return server;
  }

  it("should open, hand binary frames over as Uint8Array and text frames as strings, and close cleanly", async () => {
    const server = await echoServer();
    const { transport, events } = dial(server.url());
    cleanups.push(() => transport.terminate());
    await until(has(events, "open"), 5_000, "open");
    expect(transport.send(new Uint8Array([1, 2, 3]))).toBe(true);
    await until(has(events, "frame"), 5_000, "echo");
    const [socket] = server.sockets;
    socket?.send("hello");
    await until(() => events.filter((e) => e.type === "frame").length === 2, 5_000, "text frame");
    const frames = events.flatMap((e) => (e.type === "frame" ? [e.data] : []));
    expect(frames[0]).toBeInstanceOf(Uint8Array);
    expect([...(frames[0] as Uint8Array)]).toEqual([1, 2, 3]);
    expect(frames[1]).toBe("hello");
    transport.close(1000, "bye");
    await until(has(events, "close"), 5_000, "close");
    expect(events.at(-1)).toEqual({ type: "close", code: 1000, reason: "bye", wasClean: true });
  });

  it("should refuse a send (false) once the server's close frame came, while TCP is still open", async () => {
    const echo = await echoServer();
    const server = await startPeerClosingServer(echo);
    cleanups.push(() => server.close());
    const { transport, events } = dial(server.url());
    cleanups.push(() => transport.terminate());
    await until(has(events, "open"), 5_000, "open");
    // ws answers the server's close frame (8 bytes, masked) and then waits for the TCP close.
    await until(() => server.receivedAfterUpgrade >= 8, 5_000, "the client's close frame");
    const before = server.receivedAfterUpgrade;
    expect(transport.send(new Uint8Array([1, 2, 3]))).toBe(false);
    expect(events.some((e) => e.type === "close")).toBe(false);
    server.dropFirst();
    await until(has(events, "close"), 5_000, "close");
    expect(server.receivedAfterUpgrade).toBe(before);
  });

  it("should report a refused handshake with its HTTP status, then close 1006", async () => {
    const server: ClosableServer = await startRejectingServer(401);
    cleanups.push(() => server.close());
    const { events } = dial(server.url());
    await until(has(events, "close"), 5_000, "close");
    const errors = events.flatMap((e) => (e.type === "error" ? [e.info] : []));
    expect(errors).toEqual([expect.objectContaining({ code: ErrorCode.HandshakeRejected, status: 401 })]);
    expect(events.at(-1)).toMatchObject({ type: "close", code: 1006, wasClean: false });
  });

  it.each(["http://127.0.0.1:1/", "not a url", "ftp://example.com/"])(
    "should report %s as an invalid URL and close instead of throwing",
    async (url) => {
      const { events } = dial(url);
      expect(events).toEqual([]);
      await until(has(events, "close"), 1_000, "close");
      expect(events[0]).toMatchObject({ type: "error", info: { code: ErrorCode.InvalidUrl } });
      expect(events[1]).toMatchObject({ type: "close", code: 1006 });
    },
  );

  it("should deliver nothing after terminate(), even while the handshake hangs", async () => {
    const server = await startSilentServer();
    cleanups.push(() => server.close());
    const { transport, events } = dial(server.url());
    await until(() => server.hits === 1, 5_000, "tcp accept");
    transport.terminate();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual([]);
  });

  it("should see a cut through the fault proxy as close 1006", async () => {
    const server = await echoServer();
    const proxy: FaultProxy = await startFaultProxy({ port: server.port });
    cleanups.push(() => proxy.close());
    const { events } = dial(proxy.url());
    await until(has(events, "open"), 5_000, "open");
    proxy.cut();
    await until(has(events, "close"), 5_000, "close");
    expect(events.at(-1)).toMatchObject({ type: "close", code: 1006, wasClean: false });
  });

  it("should keep a black-holed link open but silent, and flow again after restore", async () => {
    const server = await echoServer();
    const proxy = await startFaultProxy({ port: server.port });
    cleanups.push(() => proxy.close());
    const { transport, events } = dial(proxy.url());
    cleanups.push(() => transport.terminate());
    await until(has(events, "open"), 5_000, "open");
    proxy.blackhole();
    transport.send(new Uint8Array([9]));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(events.filter((e) => e.type === "frame" || e.type === "close")).toEqual([]);
    proxy.restore();
    transport.send(new Uint8Array([7]));
    await until(has(events, "frame"), 5_000, "frame after restore");
    expect(proxy.connections).toBe(1);
  });

  it("should still deliver through a delaying proxy", async () => {
    const server = await echoServer();
    const proxy = await startFaultProxy({ port: server.port });
    cleanups.push(() => proxy.close());
    proxy.delay(15);
    const { transport, events } = dial(proxy.url());
    cleanups.push(() => transport.terminate());
    await until(has(events, "open"), 5_000, "open through the delay");
    transport.send(new Uint8Array([4, 2]));
    await until(has(events, "frame"), 5_000, "delayed echo");
    expect(events.flatMap((e) => (e.type === "frame" ? [[...(e.data as Uint8Array)]] : []))).toEqual([[4, 2]]);
  });
});
