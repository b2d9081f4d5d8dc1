/**
 * The error family of rxwire. Every error the SDK reports (thrown, rejected or
 * emitted on `errors$`) is an {@link RxwireError} with a stable string `code`.
 *
 * Guards check `name`/`code` rather than relying on `instanceof` alone, so they
 * keep working when two copies of the package end up in one bundle.
 *
 * @module
 */

/** Every stable error code rxwire uses. */
export const ErrorCode = {
  /** Bytes could not be decoded as the expected message (truncated, malformed, bad UTF-8…). */
  Decode: "RXWIRE_DECODE",
  /** A message could not be encoded (a value out of range for its field type…). */
  Encode: "RXWIRE_ENCODE",
  /** A text frame arrived where a binary protobuf frame was expected. */
  UnexpectedTextFrame: "RXWIRE_UNEXPECTED_TEXT_FRAME",
  /** A frame or message is larger than the configured limit. */
  MessageTooLarge: "RXWIRE_MESSAGE_TOO_LARGE",
  /** `send()` while not open, and the outbox is full. */
  OutboxFull: "RXWIRE_OUTBOX_FULL",
  /** `send()` while not open, and queueing is disabled. */
  NotOpen: "RXWIRE_NOT_OPEN",
  /** The socket did not open within `connectTimeoutMs`. */
  ConnectTimeout: "RXWIRE_CONNECT_TIMEOUT",
  /** No pong (or inbound frame) within the heartbeat timeout: the peer is gone. */
  HeartbeatTimeout: "RXWIRE_HEARTBEAT_TIMEOUT",
  /** The server refused the WebSocket upgrade (HTTP 401/403, bad subprotocol…). */
  HandshakeRejected: "RXWIRE_HANDSHAKE_REJECTED",
  /** The URL is not a valid ws:// or wss:// URL, or the URL provider failed. */
  InvalidUrl: "RXWIRE_INVALID_URL",
  /** The connection closed with a code that ends the session (or retries ran out). */
  Closed: "RXWIRE_CLOSED",
  /** A `request()` got no correlated reply in time. */
  RequestTimeout: "RXWIRE_REQUEST_TIMEOUT",
  /** The client was disposed; carries what was still unsent. */
  Disposed: "RXWIRE_DISPOSED",
  /** The underlying socket reported an error. */
  Transport: "RXWIRE_TRANSPORT",
  /** The code generator refused its input (syntax error, missing import, bad option). */
  Codegen: "RXWIRE_CODEGEN",
  /** A callback of the app (`shouldReconnect`, `isPong`, `ping`, `random`) threw; rxwire went on with its default. */
  Callback: "RXWIRE_CALLBACK",
  /** `rxwire/testing`'s `TestClock` kept firing timers without time moving (a zero-delay loop): the test would hang. */
  TimerLoop: "RXWIRE_TIMER_LOOP",
} as const;

/** A stable rxwire error code. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Options accepted by every rxwire error constructor. */
export interface RxwireErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/** Base class of every error rxwire reports. */
export class RxwireError extends Error {
  override name = "RxwireError";
  /** Stable machine-readable code, e.g. `"RXWIRE_DECODE"`. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: RxwireErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** Bytes could not be decoded. Thrown by generated `decode()`; emitted on `errors$` by the client. */
export class DecodeError extends RxwireError {
  override name = "DecodeError";
  /** Fully qualified protobuf type being decoded, when known. */
  readonly typeName: string | undefined;
  /** Byte offset at which decoding failed, when known. */
  readonly offset: number | undefined;

  constructor(message: string, details?: { typeName?: string; offset?: number } & RxwireErrorOptions) {
    super(ErrorCode.Decode, message, details);
    this.typeName = details?.typeName;
    this.offset = details?.offset;
  }
}

/** A message could not be encoded (for example a value out of range for its field). */
export class EncodeError extends RxwireError {
  override name = "EncodeError";
  /** Fully qualified protobuf type being encoded, when known. */
  readonly typeName: string | undefined;

  constructor(message: string, details?: { typeName?: string } & RxwireErrorOptions) {
    super(ErrorCode.Encode, message, details);
    this.typeName = details?.typeName;
  }
}

/** True when `value` is an rxwire error (works across duplicated package copies). */
export function isRxwireError(value: unknown): value is RxwireError {
  if (!(value instanceof Error)) return false;
  const code: unknown = (value as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("RXWIRE_");
}

/** True when `value` is a {@link DecodeError}. */
export function isDecodeError(value: unknown): value is DecodeError {
  return isRxwireError(value) && value.code === ErrorCode.Decode;
}

/** A text frame arrived where binary protobuf frames were expected; the frame is dropped. */
export class UnexpectedTextFrameError extends RxwireError {
  override name = "UnexpectedTextFrameError";
  /** Length of the text frame, in UTF-16 code units. */
  readonly length: number;

  constructor(length: number, options?: RxwireErrorOptions) {
    super(ErrorCode.UnexpectedTextFrame, `received a text frame (${length} chars); expected binary frames`, options);
    this.length = length;
  }
}

/**
 * An inbound frame was too large. Over `maxMessageBytes`: it is dropped and the
 * connection stays up (`size` and `limit` are set). Over the socket's own limit
 * (ws's `maxPayload`, 100 MiB by default): the socket refused it unread and
 * closed the connection with 1009, and `size`/`limit` are `undefined`.
 */
export class MessageTooLargeError extends RxwireError {
  override name = "MessageTooLargeError";
  /** Size of the frame, in bytes; `undefined` when the socket refused it before rxwire saw it. */
  readonly size: number | undefined;
  /** The configured `maxMessageBytes`; `undefined` when the socket's own limit was hit. */
  readonly limit: number | undefined;

  constructor(size: number | undefined, limit: number | undefined, options?: RxwireErrorOptions) {
    super(
      ErrorCode.MessageTooLarge,
      size === undefined || limit === undefined
        ? "inbound message over the socket's own size limit (ws maxPayload); the socket closed the connection (1009)"
        : `inbound frame of ${size} bytes exceeds maxMessageBytes (${limit})`,
      options,
    );
    this.size = size;
    this.limit = limit;
  }
}

/** `send()` while not open and the outbox is full (or disabled). Thrown and also emitted on `errors$`. */
export class OutboxFullError extends RxwireError {
  override name = "OutboxFullError";
  /** The outbox capacity (0 when queueing is disabled). */
  readonly limit: number;

  constructor(limit: number, options?: RxwireErrorOptions) {
    super(
      ErrorCode.OutboxFull,
      limit === 0
        ? "send() while not open and the outbox is disabled"
        : `send() while not open and the outbox is full (limit ${limit})`,
      options,
    );
    this.limit = limit;
  }
}

/** `send()` while not open and no outbox is configured. Thrown and also emitted on `errors$`. */
export class NotOpenError extends RxwireError {
  override name = "NotOpenError";

  constructor(message = "send() while not open (configure `outbox` to queue)", options?: RxwireErrorOptions) {
    super(ErrorCode.NotOpen, message, options);
  }
}

/** The socket did not open within `connectTimeoutMs`. */
export class ConnectTimeoutError extends RxwireError {
  override name = "ConnectTimeoutError";

  constructor(message = "the socket did not open in time", options?: RxwireErrorOptions) {
    super(ErrorCode.ConnectTimeout, message, options);
  }
}

/** No inbound frame after a heartbeat ping within `heartbeat.timeoutMs`; the socket was terminated. */
export class HeartbeatTimeoutError extends RxwireError {
  override name = "HeartbeatTimeoutError";

  constructor(message = "no reply to the heartbeat ping in time", options?: RxwireErrorOptions) {
    super(ErrorCode.HeartbeatTimeout, message, options);
  }
}

/** The server refused the WebSocket upgrade (HTTP 401, 403…). */
export class HandshakeRejectedError extends RxwireError {
  override name = "HandshakeRejectedError";
  /** The HTTP status of the refusal, when the platform exposes it (Node does, browsers don't). */
  readonly status: number | undefined;

  constructor(message: string, details?: { status?: number } & RxwireErrorOptions) {
    super(ErrorCode.HandshakeRejected, message, details);
    this.status = details?.status;
  }
}

/** The URL is not a ws:// or wss:// URL, or the `url()` provider threw or rejected. */
export class InvalidUrlError extends RxwireError {
  override name = "InvalidUrlError";

  constructor(message: string, options?: RxwireErrorOptions) {
    super(ErrorCode.InvalidUrl, message, options);
  }
}

/** The connection ended for good: a fatal close code, or retries ran out. */
export class ClosedError extends RxwireError {
  override name = "ClosedError";
  /** The last close code seen, when there was one. */
  readonly closeCode: number | undefined;
  /** The last close reason seen, when there was one. */
  readonly reason: string | undefined;
  /** Whether that close completed the handshake, when known. */
  readonly wasClean: boolean | undefined;

  constructor(
    message: string,
    details?: { close?: { code: number; reason: string; wasClean: boolean } } & RxwireErrorOptions,
  ) {
    super(ErrorCode.Closed, message, details);
    this.closeCode = details?.close?.code;
    this.reason = details?.close?.reason;
    this.wasClean = details?.close?.wasClean;
  }
}

/** The underlying socket reported an error (a close follows). */
export class TransportError extends RxwireError {
  override name = "TransportError";

  constructor(message: string, options?: RxwireErrorOptions) {
    super(ErrorCode.Transport, message, options);
  }
}

/**
 * A correlation id, in the envelope's own int64 representation: `bigint` by
 * default, `number` or `string` for code generated with `--int64 number|string`.
 */
export type RequestId = bigint | number | string;

/**
 * A callback the app configured threw. rxwire catches it, reports it on
 * `errors$` with the thrown value as `cause`, and goes on as if the callback
 * were not set for that call:
 *
 * - `reconnect.shouldReconnect`: the default verdict, `classifyClose(close) === "retry"`;
 * - `heartbeat.isPong`: the frame is not a pong;
 * - `heartbeat.ping`: no ping goes out (the heartbeat timeout decides);
 * - `random`: no jitter for that delay (the ceiling).
 */
export class CallbackError extends RxwireError {
  override name = "CallbackError";
  /** Which callback threw, e.g. `"reconnect.shouldReconnect"` or `"heartbeat.isPong"`. */
  readonly callback: string;

  constructor(callback: string, options?: RxwireErrorOptions) {
    const cause: unknown = options?.cause;
    super(ErrorCode.Callback, `${callback} threw: ${cause instanceof Error ? cause.message : String(cause)}`, options);
    this.callback = callback;
  }
}

/**
 * Thrown by `TestClock.advance()` (from `rxwire/testing`) when timers keep
 * scheduling timers at the same instant, so time can never move on: a client
 * retrying with a zero backoff against a failure that happens synchronously
 * (a throwing `url` function, a throwing transport factory). Without it the
 * test would hang in `advance()` forever, out of reach of any test timeout.
 */
export class TimerLoopError extends RxwireError {
  override name = "TimerLoopError";
  /** The clock reading at which the timers kept firing. */
  readonly at: number;
  /** How many timers fired at that instant before the clock gave up. */
  readonly fired: number;

  constructor(at: number, fired: number, options?: RxwireErrorOptions) {
    super(
      ErrorCode.TimerLoop,
      `${fired} timers fired at ${at} ms without time moving on: a timer keeps scheduling another with no delay (a zero reconnect delay against a synchronous failure?)`,
      options,
    );
    this.at = at;
    this.fired = fired;
  }
}

/** A `request()` got no correlated reply within its timeout. */
export class RequestTimeoutError extends RxwireError {
  override name = "RequestTimeoutError";
  /** The request's correlation id, in the envelope's representation. */
  readonly requestId: RequestId;
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(requestId: RequestId, timeoutMs: number, options?: RxwireErrorOptions) {
    super(ErrorCode.RequestTimeout, `no reply to request ${requestId} within ${timeoutMs} ms`, options);
    this.requestId = requestId;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The client was disposed. Emitted on `errors$` as the last value (and used to
 * reject pending requests); carries every message that was still unsent.
 */
export class DisposedError<TMessage = unknown> extends RxwireError {
  override name = "DisposedError";
  /** Messages queued in the outbox that were never sent, oldest first. */
  readonly unsent: readonly TMessage[];

  constructor(unsent: readonly TMessage[], options?: RxwireErrorOptions) {
    super(
      ErrorCode.Disposed,
      unsent.length === 0 ? "the client was disposed" : `the client was disposed with ${unsent.length} unsent message(s)`,
      options,
    );
    this.unsent = unsent;
  }
}

/** Where in a .proto source a {@link CodegenError} points, when known. */
export interface SourceLocation {
  /** The .proto file, as given on the command line or as imported. */
  file: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
}

/**
 * rxwire-gen refused its input: a syntax error, a missing import, an
 * unsupported proto2 file or a bad option. The message starts with
 * `file:line:column:` when the location is known.
 */
export class CodegenError extends RxwireError {
  override name = "CodegenError";
  /** Location in the .proto input, when the error has one. */
  readonly location: SourceLocation | undefined;
  /** The message without its location prefix. */
  readonly detail: string;

  constructor(message: string, details?: { location?: SourceLocation } & RxwireErrorOptions) {
    const where = details?.location;
    const prefix =
      where === undefined
        ? ""
        : `${where.file}${where.line === undefined ? "" : `:${where.line}`}${where.line !== undefined && where.column !== undefined ? `:${where.column}` : ""}: `;
    super(ErrorCode.Codegen, prefix + message, details);
    this.location = where;
    this.detail = message;
  }
}
