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
