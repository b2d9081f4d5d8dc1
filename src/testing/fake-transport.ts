/**
 * An in-memory transport for testing apps (and rxwire itself) against a real
 * client without a server. Pass `fake.factory` as the client's `transport`
 * option; every connection attempt becomes a {@link FakeSocket} the test
 * drives: `open()`, `receive(bytes)`, `serverClose(code)`, `error(...)`.
 *
 * @module
 */
import { ErrorCode } from "../errors.js";
import type { Transport, TransportErrorInfo, TransportFactory, TransportHandlers } from "../transport.js";

/** Life stage of a {@link FakeSocket}. */
export type FakeSocketState = "connecting" | "open" | "closing" | "closed";

/** Options of {@link createFakeTransport}. */
export interface FakeTransportOptions {
  /**
   * Answer the client's `close()` at once with a close event echoing its code,
   * like a well-behaved server. Set false to test close timeouts.
   * @default true
   */
  autoCloseHandshake?: boolean;
}

/** One fake connection attempt, created by the client through the fake factory. */
export class FakeSocket implements Transport {
  /** Binary frames the client sent on this socket, in order. */
  readonly sent: Uint8Array[] = [];
  /** Current life stage. */
  state: FakeSocketState = "connecting";
  /** Whether the client terminated (destroyed) this socket. */
  terminated = false;
  /** What the client passed to `close()`, if it called it. */
  closeRequest: { code: number | undefined; reason: string | undefined } | undefined;
  /** The server's close frame, once {@link FakeSocket.peerClosing} delivered it. */
  private peerClose: { code: number; reason: string } | undefined;

  constructor(
    /** Sequence number of this socket within its {@link FakeTransport} (1, 2, …). */
    readonly index: number,
    /** The URL the client dialled. */
    readonly url: string,
    /** The subprotocols the client asked for. */
    readonly protocols: string | readonly string[] | undefined,
    private readonly handlers: TransportHandlers,
    private readonly owner: FakeTransport,
  ) {}

  /** Whether events from the "server" still reach the client. */
  get live(): boolean {
    return !this.terminated && this.state !== "closed";
  }

  // Transport side (called by the client).

  /** @internal Like the real transport: returns false (takes nothing) unless open. */
  send(bytes: Uint8Array): boolean {
    if (this.state !== "open" || this.terminated) return false;
    // The client may reuse buffers; keep what was on the wire at this moment.
    this.sent.push(bytes.slice());
    this.owner.sent.push(bytes.slice());
    return true;
  }

  /** @internal */
  close(code?: number, reason?: string): void {
    if (!this.live) return;
    this.closeRequest = { code, reason };
    this.state = "closing";
    // Once the server's close frame is in, the close event reports the server's code, not ours.
    const peer = this.peerClose;
    if (peer !== undefined) this.finish(peer.code, peer.reason, true);
    else if (this.owner.autoCloseHandshake) this.finish(code ?? 1005, reason ?? "", true);
  }

  /** @internal */
  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.state = "closed";
  }

  // Server side (called by the test).

  /** The handshake completed: the socket opens. */
  open(): this {
    if (this.live && this.state === "connecting") {
      this.state = "open";
      this.handlers.open();
    }
    return this;
  }

  /** Delivers one inbound frame (bytes = binary frame, string = text frame). */
  receive(data: Uint8Array | string): this {
    if (this.live && this.state !== "connecting") this.handlers.frame(data);
    return this;
  }

  /**
   * The server's close frame arrived but the connection has not closed yet: a
   * real socket is CLOSING and discards every send (here `send()` returns
   * false), while the client still reports `open`. End it with {@link serverClose}.
   */
  peerClosing(code = 1000, reason = ""): this {
    if (this.live && this.state === "open") {
      this.state = "closing";
      this.peerClose = { code, reason };
    }
    return this;
  }

  /**
   * The server closes (or the connection drops, with 1006 and `wasClean` false).
   * After {@link peerClosing}, the code and reason default to that close frame's.
   */
  serverClose(code = this.peerClose?.code ?? 1000, reason = this.peerClose?.reason ?? "", wasClean = code !== 1006): this {
    if (this.live) this.finish(code, reason, wasClean);
    return this;
  }

  /**
   * Reports a transport error then, unless `thenClose` is false, the close 1006
   * that follows it on a real socket. Use `{ status: 401 }` for a refused handshake,
   * `{ code: ErrorCode.HandshakeRejected, message, fatal: true }` for a refused
   * subprotocol, `{ code: ErrorCode.MessageTooLarge, message, closeCode: 1009 }`
   * for a message over `ws`'s `maxPayload`: every field reaches the client as the
   * real transport would report it.
   */
  error(info: Partial<TransportErrorInfo> = {}, thenClose = true): this {
    if (!this.live) return this;
    const code = info.code ?? (info.status === undefined ? ErrorCode.Transport : ErrorCode.HandshakeRejected);
    const message = info.message ?? (info.status === undefined ? "fake transport error" : `HTTP ${info.status}`);
    const reported: TransportErrorInfo = { code, message };
    if (info.status !== undefined) reported.status = info.status;
    if (info.fatal !== undefined) reported.fatal = info.fatal;
    if (info.closeCode !== undefined) reported.closeCode = info.closeCode;
    this.handlers.error(reported);
    if (thenClose) this.finish(1006, "", false);
    return this;
  }

  private finish(code: number, reason: string, wasClean: boolean): void {
    this.state = "closed";
    this.handlers.close(code, reason, wasClean);
  }
}

/** A fake transport: a factory for the client plus a record of every socket it created. */
export class FakeTransport {
  /** Pass this as the client's `transport` option. */
  readonly factory: TransportFactory;
  /** Every socket created so far, oldest first. */
  readonly sockets: FakeSocket[] = [];
  /** Every binary frame sent on any socket, in order. */
  readonly sent: Uint8Array[] = [];
  /** See {@link FakeTransportOptions.autoCloseHandshake}. */
  autoCloseHandshake: boolean;

  constructor(options: FakeTransportOptions = {}) {
    this.autoCloseHandshake = options.autoCloseHandshake ?? true;
    this.factory = (url, protocols, handlers) => {
      const socket = new FakeSocket(this.sockets.length + 1, url, protocols, handlers, this);
      this.sockets.push(socket);
      return socket;
    };
  }

  /** The most recently created socket, or `undefined` before the first attempt. */
  get lastSocket(): FakeSocket | undefined {
    return this.sockets[this.sockets.length - 1];
  }

  /** The most recent socket; throws when the client has not dialled yet. */
  get socket(): FakeSocket {
    const socket = this.lastSocket;
    if (socket === undefined) throw new Error("FakeTransport: the client has not opened a socket yet");
    return socket;
  }

  /** Opens the latest socket. */
  open(): FakeSocket {
    return this.socket.open();
  }

  /** Delivers a frame on the latest socket. */
  receive(data: Uint8Array | string): FakeSocket {
    return this.socket.receive(data);
  }

  /** Closes the latest socket from the server side. */
  serverClose(code?: number, reason?: string, wasClean?: boolean): FakeSocket {
    return this.socket.serverClose(code, reason, wasClean);
  }

  /** Reports an error (then close 1006) on the latest socket. */
  error(info?: Partial<TransportErrorInfo>, thenClose?: boolean): FakeSocket {
    return this.socket.error(info, thenClose);
  }
}

/** Creates a {@link FakeTransport}; pass `.factory` as `createClient({ transport })`. */
export function createFakeTransport(options?: FakeTransportOptions): FakeTransport {
  return new FakeTransport(options);
}
