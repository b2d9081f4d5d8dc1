/**
 * The default {@link TransportFactory}: a WebSocket, from `isomorphic-ws` unless
 * the app passes its own constructor (React Native, a browser polyfill, tests).
 *
 * This is the only file in rxwire that touches a WebSocket. It speaks both
 * dialects: Node's `ws` (an EventEmitter: `nodebuffer` frames handed over
 * without a copy, handshake status via `'unexpected-response'`) and the
 * browser's native WebSocket (`arraybuffer` frames wrapped in a view). Browsers
 * hide the HTTP status of a refused upgrade, so there a refusal is a plain
 * transport error followed by close 1006.
 *
 * On Node, sends made in one tick share one socket write: the first send corks
 * `ws`'s underlying `net.Socket` and a microtask uncorks it (see
 * {@link WebSocketTransport.send}). Every message is still its own WebSocket frame.
 *
 * @module
 */
import IsomorphicWebSocket from "isomorphic-ws";
import { ErrorCode } from "./errors.js";
import type { Transport, TransportFactory, TransportHandlers } from "./transport.js";

/** The part of a WebSocket instance rxwire needs; both `ws` and browser sockets fit. */
export interface WebSocketLike {
  /** Set by rxwire before any frame arrives. */
  binaryType: string;
  /**
   * 1 (OPEN) while frames can be sent; 2 (CLOSING) once a close frame went either
   * way, 3 (CLOSED) after. rxwire does not send unless it is 1 (a socket without
   * it counts as open).
   */
  readonly readyState?: number;
  /** Sends one frame. */
  send(data: Uint8Array): void;
  /** Starts the close handshake. */
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor: the browser's, `ws`'s, or any compatible one. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Node `ws` surface used here (detected at run time by its `on`/`terminate` methods). */
interface NodeWebSocket extends WebSocketLike {
  on(event: "open", listener: () => void): unknown;
  on(event: "message", listener: (data: Uint8Array, isBinary: boolean) => void): unknown;
  on(event: "close", listener: (code: number, reason: Uint8Array) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(
    event: "unexpected-response",
    listener: (request: { destroy(): void }, response: { statusCode?: number; resume(): void }) => void,
  ): unknown;
  terminate(): void;
}

/** Browser WebSocket surface used here. */
interface BrowserWebSocket extends WebSocketLike {
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null;
  onerror: (() => void) | null;
}

const textDecoder = new TextDecoder();

/** `WebSocket.OPEN`, the same in ws and browsers. */
const OPEN = 1;

/** Node's `Buffer`, feature-detected (not imported): this file also runs in browsers. */
const nodeBuffer = (globalThis as { Buffer?: { allocUnsafe(size: number): Uint8Array } }).Buffer;

/**
 * V8 keeps typed arrays up to 64 bytes on the JS heap; ws's `toBuffer` reads
 * `.buffer` of such an array, which moves it off-heap (a malloc and a copy),
 * and measured 3x slower than copying it into a pooled `Buffer` ourselves.
 */
const ON_HEAP_BYTES = 64;

/** The part of Node's `net.Socket` that write coalescing needs. */
interface CorkableSocket {
  cork(): void;
  uncork(): void;
}

/**
 * The `net.Socket` under a `ws` WebSocket (`_socket`: undocumented, stable
 * since ws 1), or `undefined` for browser sockets, before the upgrade, and for
 * anything that does not look like a stream we can cork.
 */
function corkableSocketOf(socket: WebSocketLike): CorkableSocket | undefined {
  const candidate = (socket as { _socket?: Partial<CorkableSocket> | null })._socket;
  if (candidate === undefined || candidate === null) return undefined;
  return typeof candidate.cork === "function" && typeof candidate.uncork === "function"
    ? (candidate as CorkableSocket)
    : undefined;
}

function isNodeWebSocket(socket: WebSocketLike): socket is NodeWebSocket {
  const candidate = socket as Partial<NodeWebSocket>;
  return typeof candidate.on === "function" && typeof candidate.terminate === "function";
}

/** Returns why `url` cannot be dialled, or `undefined` when it is a ws:/wss: URL. */
function invalidUrlReason(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `not a valid URL: ${JSON.stringify(url)}`;
  }
  if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") {
    return `expected a ws:// or wss:// URL, got ${JSON.stringify(url)}`;
  }
  return undefined;
}

// Node listeners are shared functions that find their transport on the socket
// (ws calls them with `this` = the socket): five closures less per connection.
const ownerKey = Symbol("rxwire.transport");
type OwnedNodeWebSocket = NodeWebSocket & { [ownerKey]?: WebSocketTransport };

function liveOwner(socket: OwnedNodeWebSocket): WebSocketTransport | undefined {
  const owner = socket[ownerKey];
  return owner === undefined || owner.finished ? undefined : owner;
}

function onNodeOpen(this: OwnedNodeWebSocket): void {
  liveOwner(this)?.handlers.open();
}

function onNodeMessage(this: OwnedNodeWebSocket, data: Uint8Array, isBinary: boolean): void {
  // A Buffer is a Uint8Array: handed over as is, no copy.
  liveOwner(this)?.handlers.frame(isBinary ? data : textDecoder.decode(data));
}

function onNodeClose(this: OwnedNodeWebSocket, code: number, reason: Uint8Array): void {
  const owner = liveOwner(this);
  if (owner === undefined) return;
  owner.finished = true;
  owner.handlers.close(code, textDecoder.decode(reason), code !== 1006);
}

// ws's wording when the 101 response does not carry a protocol we asked for.
const subprotocolRefusal = /^Server sent (no subprotocol|an invalid subprotocol|a subprotocol but none was requested)$/;

function onNodeError(this: OwnedNodeWebSocket, error: Error): void {
  const owner = liveOwner(this);
  if (owner === undefined || owner.rejected) return;
  if (subprotocolRefusal.test(error.message)) {
    // The server will answer the same next time: a refusal, not a network failure.
    owner.rejected = true;
    owner.handlers.error({
      code: ErrorCode.HandshakeRejected,
      message: `server refused the requested subprotocol (${error.message})`,
      fatal: true,
    });
    return;
  }
  if ((error as { code?: unknown }).code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
    // Over ws's maxPayload (100 MiB unless the constructor set another): ws refuses the
    // message unread and closes with 1009. Not a network failure: say what it is.
    owner.handlers.error({ code: ErrorCode.MessageTooLarge, message: error.message, closeCode: 1009 });
    return;
  }
  owner.handlers.error({ code: ErrorCode.Transport, message: error.message });
}

function onNodeUnexpectedResponse(
  this: OwnedNodeWebSocket,
  _request: unknown,
  response: { statusCode?: number; resume(): void },
): void {
  const owner = liveOwner(this);
  if (owner === undefined) return;
  owner.rejected = true;
  const status = response.statusCode ?? 0;
  response.resume();
  owner.handlers.error({
    code: ErrorCode.HandshakeRejected,
    message: `server refused the WebSocket upgrade with HTTP ${status}`,
    status,
  });
  // ws leaves aborting to us once we listen; its 'close' (1006) follows.
  this.terminate();
}

/** One attempt's socket; `finished` drops every event after close/terminate. */
class WebSocketTransport implements Transport {
  socket: WebSocketLike | undefined;
  finished = false;
  /** The upgrade was refused: ws's own follow-up 'error' is noise. */
  rejected = false;
  /** The net.Socket this tick's sends are corked on, until {@link flush} runs. */
  private corked: CorkableSocket | undefined = undefined;

  constructor(readonly handlers: TransportHandlers) {}

  /**
   * Sends one frame. On Node the first send of a tick corks the socket and a
   * microtask uncorks it, so a burst costs one `writev` instead of one write
   * syscall per message (measured: the per-message write was ~70 % of a
   * sending client's CPU). Corked bytes sit in the socket's own write buffer,
   * in order with everything `ws` writes itself (pongs, the close frame);
   * {@link close} and {@link terminate} flush first, so nothing corked is lost.
   */
  send(bytes: Uint8Array): boolean {
    const socket = this.socket;
    // ws and browsers drop a send on a CLOSING/CLOSED socket silently: say so instead.
    if (socket === undefined || this.finished || (socket.readyState !== undefined && socket.readyState !== OPEN)) return false;
    if (this.corked === undefined) this.corkUntilMicrotask(socket);
    // Corked means Node's ws, which wants a Buffer; see ON_HEAP_BYTES for why small frames are copied.
    if (this.corked !== undefined && nodeBuffer !== undefined && bytes.length <= ON_HEAP_BYTES) {
      const copy = nodeBuffer.allocUnsafe(bytes.length);
      copy.set(bytes);
      socket.send(copy);
      return true;
    }
    socket.send(bytes);
    return true;
  }

  private corkUntilMicrotask(socket: WebSocketLike): void {
    const stream = corkableSocketOf(socket);
    if (stream === undefined) return;
    stream.cork();
    this.corked = stream;
    // Queued before ws sees the bytes: even if socket.send throws, the socket is uncorked.
    queueMicrotask(() => this.flush());
  }

  /** Uncorks now (a no-op when nothing is corked); the queued microtask then finds nothing to do. */
  private flush(): void {
    const stream = this.corked;
    if (stream === undefined) return;
    this.corked = undefined;
    try {
      stream.uncork();
    } catch {
      // A write failure surfaces as the socket's 'error'/'close', which ws reports to us; never throw from a microtask.
    }
  }

  close(code?: number, reason?: string): void {
    const socket = this.socket;
    if (socket === undefined || this.finished) return;
    // Sends of this tick go out before the close frame, even if the caller terminates next.
    this.flush();
    try {
      socket.close(code, reason);
    } catch {
      // Browsers and ws throw on codes outside 1000/3000–4999; a plain close still ends the session.
      try {
        socket.close();
      } catch {
        this.terminate();
      }
    }
  }

  terminate(): void {
    // Like an uncorked socket, hand this tick's sends to the kernel before destroying it.
    this.flush();
    if (this.finished) return;
    this.finished = true;
    const socket = this.socket;
    if (socket === undefined) return;
    try {
      if (isNodeWebSocket(socket)) socket.terminate();
      else socket.close();
    } catch {
      // Already closed: nothing left to destroy.
    }
  }

  /** Reports a failure that happened before any socket existed, asynchronously like a real socket would. */
  failLater(code: ErrorCode, message: string): void {
    queueMicrotask(() => {
      if (this.finished) return;
      this.finished = true;
      this.handlers.error({ code, message });
      this.handlers.close(1006, message, false);
    });
  }

  attachNode(socket: NodeWebSocket): void {
    socket.binaryType = "nodebuffer";
    (socket as OwnedNodeWebSocket)[ownerKey] = this;
    socket.on("open", onNodeOpen);
    socket.on("message", onNodeMessage);
    socket.on("close", onNodeClose);
    // Always listening: an EventEmitter 'error' without a listener would crash the process.
    socket.on("error", onNodeError);
    socket.on("unexpected-response", onNodeUnexpectedResponse);
  }

  attachBrowser(socket: BrowserWebSocket): void {
    const handlers = this.handlers;
    socket.binaryType = "arraybuffer";
    socket.onopen = () => {
      if (!this.finished) handlers.open();
    };
    // Frames that need an asynchronous read (a Blob) and every frame after one, chained in order.
    let behind: Promise<void> | undefined;
    let queued = 0;
    socket.onmessage = (event) => {
      if (this.finished) return;
      const data: unknown = event.data;
      if (queued === 0) {
        if (typeof data === "string") return handlers.frame(data);
        if (data instanceof ArrayBuffer) return handlers.frame(new Uint8Array(data));
      }
      // Rare: a WebSocket that ignores binaryType (Blob frames), a typed array, an ArrayBuffer of
      // another realm, or frames arriving while such a read is under way.
      queued++;
      behind = (behind ?? Promise.resolve()).then(async () => {
        let frame: Uint8Array | string | undefined;
        try {
          frame = await frameOf(data);
        } catch {
          frame = undefined;
        } finally {
          queued--;
        }
        if (this.finished) return;
        try {
          if (frame !== undefined) handlers.frame(frame);
          else handlers.error({ code: ErrorCode.Transport, message: `WebSocket delivered a message rxwire cannot read (${describeKind(data)})` });
        } catch (error) {
          // As a throw from the synchronous path would be: reported, and the frames behind it still delivered.
          reportLater(error);
        }
      });
    };
    // Events after frames still being read wait for them: a server's last message comes before its close.
    const afterQueuedFrames = (event: () => void): void => {
      if (queued > 0 && behind !== undefined) void behind.then(event).catch(reportLater);
      else event();
    };
    socket.onclose = (event) => {
      if (this.finished) return;
      afterQueuedFrames(() => {
        if (this.finished) return;
        this.finished = true;
        handlers.close(event.code, event.reason, event.wasClean);
      });
    };
    socket.onerror = () => {
      if (this.finished) return;
      afterQueuedFrames(() => {
        if (!this.finished) handlers.error({ code: ErrorCode.Transport, message: "WebSocket error" });
      });
    };
  }
}

/** Rethrows `error` from a timer: reported as uncaught (like a throw in an event listener) without breaking the caller's chain. */
function reportLater(error: unknown): void {
  setTimeout(() => {
    throw error;
  });
}

/** The bytes or text of a browser message event's `data` of any kind a WebSocket may deliver; undefined when unknown. */
async function frameOf(data: unknown): Promise<Uint8Array | string | undefined> {
  if (typeof data === "string") return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const tag = Object.prototype.toString.call(data);
  if (tag === "[object ArrayBuffer]") return new Uint8Array(data as ArrayBuffer);
  if (tag === "[object Blob]" && typeof (data as Blob).arrayBuffer === "function") return new Uint8Array(await (data as Blob).arrayBuffer());
  return undefined;
}

function describeKind(data: unknown): string {
  return data === null ? "null" : typeof data === "object" ? Object.prototype.toString.call(data) : typeof data;
}

/**
 * Builds a {@link TransportFactory} over a WebSocket constructor.
 *
 * @param WebSocketImpl - the constructor to use; defaults to `isomorphic-ws`
 *   (`ws` in Node, the native WebSocket in browsers).
 */
export function createWebSocketTransportFactory(
  WebSocketImpl: WebSocketConstructor = IsomorphicWebSocket as unknown as WebSocketConstructor,
): TransportFactory {
  return (url, protocols, handlers) => {
    const transport = new WebSocketTransport(handlers);
    const invalid = invalidUrlReason(url);
    if (invalid !== undefined) {
      transport.failLater(ErrorCode.InvalidUrl, invalid);
      return transport;
    }
    let socket: WebSocketLike;
    try {
      socket = new WebSocketImpl(url, typeof protocols === "string" || protocols === undefined ? protocols : [...protocols]);
    } catch (error) {
      transport.failLater(ErrorCode.InvalidUrl, error instanceof Error ? error.message : String(error));
      return transport;
    }
    transport.socket = socket;
    if (isNodeWebSocket(socket)) transport.attachNode(socket);
    else transport.attachBrowser(socket as BrowserWebSocket);
    return transport;
  };
}
