/**
 * The narrow seam between the client and a socket. The client never sees a
 * WebSocket: it creates a {@link Transport} per connection attempt through a
 * {@link TransportFactory} and hears back through {@link TransportHandlers}.
 *
 * Types only; the default implementation is `transport-websocket.ts`, and an
 * in-memory one for tests lives in `rxwire/testing`.
 *
 * @module
 */
import type { ErrorCode } from "./errors.js";

/** One live socket, as the client drives it. */
export interface Transport {
  /**
   * Sends one binary frame. The bytes may be kept by reference until written.
   * Returns `false` when the socket is no longer open (the peer's close frame
   * came, or it closed) and the frame was therefore not taken: a WebSocket in
   * CLOSING or CLOSED discards sends without a word, and the client keeps the
   * message instead (outbox) rather than lose it. Any other return value
   * (`true`, or nothing from an older transport) means the frame was taken.
   */
  send(bytes: Uint8Array): boolean | void;
  /** Starts the polite close handshake (close frame, then wait for the peer's). */
  close(code?: number, reason?: string): void;
  /** Destroys the socket at once, without a close handshake; no later events are delivered. */
  terminate(): void;
}

/** What a transport reports when it fails (handshake refused, bad URL, socket error). */
export interface TransportErrorInfo {
  /** Stable rxwire error code, e.g. `RXWIRE_HANDSHAKE_REJECTED`. */
  code: ErrorCode;
  /** Human-readable description. */
  message: string;
  /** HTTP status of a refused upgrade (401, 403, 500…), when there was one. */
  status?: number;
  /** Retrying cannot help (e.g. the server refused every subprotocol we asked for): end in `failed` like 401/403. */
  fatal?: boolean;
  /**
   * The close code the socket ends with, when the transport knows it: 1009 when
   * an inbound message went over the socket's own size limit. Recorded in
   * `lastClose` instead of the generic 4904.
   */
  closeCode?: number;
}

/**
 * Callbacks a transport calls. After `close` it calls nothing more; a transport
 * that was `terminate()`d calls nothing at all.
 */
export interface TransportHandlers {
  /** The socket opened. */
  open(): void;
  /** One inbound frame: bytes for a binary frame (a view, never a copy), a string for a text frame. */
  frame(data: Uint8Array | string): void;
  /** The socket closed (or never opened); always the last call. */
  close(code: number, reason: string, wasClean: boolean): void;
  /** Something failed; a `close` follows. */
  error(info: TransportErrorInfo): void;
}

/**
 * Creates a transport for one connection attempt and starts connecting.
 * Must never throw: failures are reported through `handlers.error` then `handlers.close`.
 */
export type TransportFactory = (
  url: string,
  protocols: string | readonly string[] | undefined,
  handlers: TransportHandlers,
) => Transport;
