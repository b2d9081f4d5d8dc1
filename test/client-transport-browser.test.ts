import { describe, expect, it, vi } from "vitest";
import { createClient } from "../src/client.js";
import { ErrorCode } from "../src/errors.js";
import { TestClock } from "../src/testing/index.js";
import { frame, TestEnvelope } from "./support/test-codec.js";
import { createWebSocketTransportFactory, type WebSocketConstructor } from "../src/transport-websocket.js";
import type { TransportErrorInfo } from "../src/transport.js";

/** A browser-style WebSocket (properties, no EventEmitter) the test drives by hand. */
class BrowserLikeSocket {
  static last: BrowserLikeSocket | undefined;
  binaryType = "blob";
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: (() => void) | null = null;
  readonly sent: Uint8Array[] = [];
  closeCalls: Array<[number | undefined, string | undefined]> = [];

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    BrowserLikeSocket.last = this;
  }

  send(data: Uint8Array): void {
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closeCalls.push([code, reason]);
  }
}

function dial(url = "wss://example.test/ws", protocols?: readonly string[]) {
  const events: Array<string | Uint8Array | TransportErrorInfo | [number, string, boolean]> = [];
  const factory = createWebSocketTransportFactory(BrowserLikeSocket as unknown as WebSocketConstructor);
  const transport = factory(url, protocols, {
    open: () => events.push("open"),
    frame: (data) => events.push(data),
    close: (code, reason, wasClean) => events.push([code, reason, wasClean]),
    error: (info) => events.push(info),
  });
  const socket = BrowserLikeSocket.last;
  if (socket === undefined) throw new Error("no socket created");
  return { transport, socket, events };
}

describe("WebSocket transport, browser dialect", () => {
  it("should use arraybuffer frames, wrap them in a view without copying, and pass text frames through", () => {
    const { socket, events } = dial("wss://example.test/ws", ["v1.rxwire"]);
    expect(socket.binaryType).toBe("arraybuffer");
    expect(socket.protocols).toEqual(["v1.rxwire"]);
    socket.onopen?.();
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    socket.onmessage?.({ data: buffer });
    socket.onmessage?.({ data: "text" });
    expect(events[0]).toBe("open");
    const view = events[1] as Uint8Array;
    expect(view).toBeInstanceOf(Uint8Array);
    expect(view.buffer).toBe(buffer);
    expect(events[2]).toBe("text");
  });

  it("should read Blob frames (a WebSocket that ignores binaryType) and typed arrays, keeping every frame in order", async () => {
    const { socket, events } = dial();
    socket.onopen?.();
    socket.onmessage?.({ data: new Blob([new Uint8Array([1, 2])]) });
    socket.onmessage?.({ data: new Uint8Array([3]).buffer });
    socket.onmessage?.({ data: "text" });
    socket.onmessage?.({ data: new Uint8Array([9, 4, 5]).subarray(1) });
    expect(events).toEqual(["open"]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events.slice(1).map((e) => (e instanceof Uint8Array ? [...e] : e))).toEqual([[1, 2], [3], "text", [4, 5]]);
    // Once the queue has drained, frames are synchronous again.
    socket.onmessage?.({ data: new Uint8Array([6]).buffer });
    expect([...(events[5] as Uint8Array)]).toEqual([6]);
  });

  it("should deliver frames still being read before a close or error that follows them", async () => {
    const { socket, events } = dial();
    socket.onopen?.();
    socket.onmessage?.({ data: new Blob([new Uint8Array([7])]) });
    socket.onmessage?.({ data: new Uint8Array([8]) });
    socket.onerror?.();
    socket.onclose?.({ code: 1000, reason: "done", wasClean: true });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events.slice(1).map((e) => (e instanceof Uint8Array ? [...e] : e))).toEqual([
      [7],
      [8],
      expect.objectContaining({ code: ErrorCode.Transport }),
      [1000, "done", true],
    ]);
  });

  it("should keep delivering the frames behind one whose handler threw, and report the throw", async () => {
    const events: Array<number[] | string> = [];
    const factory = createWebSocketTransportFactory(BrowserLikeSocket as unknown as WebSocketConstructor);
    factory("wss://example.test/ws", undefined, {
      open: () => undefined,
      frame: (data) => {
        if (typeof data !== "string" && data[0] === 1) throw new Error("app bug");
        events.push(typeof data === "string" ? data : [...data]);
      },
      close: () => events.push("close"),
      error: () => undefined,
    });
    const socket = BrowserLikeSocket.last as BrowserLikeSocket;
    socket.onopen?.();
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    try {
      socket.onmessage?.({ data: new Blob([new Uint8Array([1])]) });
      socket.onmessage?.({ data: new Blob([new Uint8Array([2])]) });
      socket.onmessage?.({ data: new Uint8Array([3]).buffer });
      socket.onclose?.({ code: 1000, reason: "", wasClean: true });
      // Blob reads settle on later turns of the event loop (setImmediate is not faked here).
      for (let i = 0; i < 50 && events.length < 3; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(events).toEqual([[2], [3], "close"]);
      // The throw is reported (rethrown from a timer), as a throw on the synchronous path would be.
      expect(() => vi.runAllTimers()).toThrow("app bug");
    } finally {
      vi.useRealTimers();
    }
  });

  it("should report a message it cannot read as a transport error, never deliver it as an empty frame", async () => {
    const { socket, events } = dial();
    socket.onopen?.();
    socket.onmessage?.({ data: { some: "object" } });
    const unreadable = { arrayBuffer: () => Promise.reject(new Error("gone")) };
    Object.defineProperty(unreadable, Symbol.toStringTag, { value: "Blob" });
    socket.onmessage?.({ data: unreadable });
    socket.onmessage?.({ data: "after" });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events.slice(1)).toEqual([
      expect.objectContaining({ code: ErrorCode.Transport, message: expect.stringMatching(/cannot read \(\[object Object\]\)/) }),
      expect.objectContaining({ code: ErrorCode.Transport, message: expect.stringMatching(/\[object Blob\]/) }),
      "after",
    ]);
  });

  it("should report close with the event's code, reason and wasClean, then nothing more", () => {
    const { socket, events } = dial();
    socket.onopen?.();
    socket.onclose?.({ code: 1001, reason: "going away", wasClean: true });
    socket.onmessage?.({ data: "late" });
    expect(events).toEqual(["open", [1001, "going away", true]]);
  });

  it("should turn onerror into a transport error", () => {
    const { socket, events } = dial();
    socket.onerror?.();
    expect(events).toEqual([expect.objectContaining({ code: ErrorCode.Transport })]);
  });

  it("should terminate with close() and ignore the socket's late events", () => {
    const { transport, socket, events } = dial();
    socket.onopen?.();
    transport.terminate();
    expect(socket.closeCalls).toEqual([[undefined, undefined]]);
    socket.onmessage?.({ data: "late" });
    socket.onclose?.({ code: 1006, reason: "", wasClean: false });
    expect(events).toEqual(["open"]);
  });

  it("should fall back to a plain close when the browser refuses the close code", () => {
    const { transport, socket } = dial();
    socket.close = function (this: BrowserLikeSocket, code?: number, reason?: string) {
      if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) throw new Error("InvalidAccessError");
      this.closeCalls.push([code, reason]);
    };
    transport.close(1001, "bye");
    expect(socket.closeCalls).toEqual([[undefined, undefined]]);
  });
});

describe("createClient with a WebSocket constructor override", () => {
  it("should dial through the given constructor and deliver its frames", () => {
    BrowserLikeSocket.last = undefined;
    const client = createClient({
      url: "wss://example.test/ws",
      protocols: "v1.rxwire",
      codec: TestEnvelope,
      WebSocket: BrowserLikeSocket as unknown as WebSocketConstructor,
      clock: new TestClock(),
    });
    const prices: number[] = [];
    client.on("tick").subscribe((t) => prices.push(t.price));
    client.connect();
    const socket = BrowserLikeSocket.last as BrowserLikeSocket | undefined;
    expect(socket?.url).toBe("wss://example.test/ws");
    expect(socket?.protocols).toBe("v1.rxwire");
    socket?.onopen?.();
    const bytes = frame({ case: "tick", value: { symbol: "X", price: 5 } });
    socket?.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
    expect(prices).toEqual([5]);
    client.dispose();
    expect(socket?.closeCalls[0]).toEqual([1000, "client disposed"]);
  });
});
