/**
 * WebSocket close codes and the default policy that sorts a close into "done",
 * "try again" or "give up".
 *
 * @module
 */
import type { CloseInfo } from "./machine.js";

/**
 * Close codes rxwire knows by name.
 *
 * 1000–1015 are the RFC 6455 / IANA registered codes. The 49xx codes are
 * produced locally by rxwire to describe why *it* ended a connection (no close
 * frame with these codes is ever sent by a server or put on the wire by
 * rxwire); they appear in `lastClose` and in errors so that every ending has a
 * code that {@link classifyClose} can judge.
 */
export const CloseCode = {
  /** 1000: the purpose of the connection was fulfilled. */
  Normal: 1000,
  /** 1001: the endpoint is going away (server shutdown, page navigation). */
  GoingAway: 1001,
  /** 1002: protocol error. */
  ProtocolError: 1002,
  /** 1003: the endpoint cannot accept this data type. */
  UnsupportedData: 1003,
  /** 1005: reserved; the close frame carried no status code. */
  NoStatus: 1005,
  /** 1006: reserved; the connection dropped without a close frame. */
  Abnormal: 1006,
  /** 1007: a message's payload was inconsistent with its type (e.g. bad UTF-8). */
  InvalidPayload: 1007,
  /** 1008: a message violated the endpoint's policy. */
  PolicyViolation: 1008,
  /** 1009: a message was too big to process. */
  MessageTooBig: 1009,
  /** 1010: the client expected an extension the server did not negotiate. */
  MandatoryExtension: 1010,
  /** 1011: the server hit an unexpected condition. */
  InternalError: 1011,
  /** 1012: the server is restarting. */
  ServiceRestart: 1012,
  /** 1013: the server is overloaded; try again later. */
  TryAgainLater: 1013,
  /** 1014: a gateway got an invalid response from upstream. */
  BadGateway: 1014,
  /** 1015: reserved; the TLS handshake failed. */
  TlsHandshake: 1015,
  /** 4900 (local): no pong or other frame arrived within the heartbeat timeout. */
  HeartbeatTimeout: 4900,
  /** 4901 (local): the socket did not open within `connectTimeoutMs`. */
  ConnectTimeout: 4901,
  /**
   * 4902 (local): the server refused the WebSocket upgrade in a way a retry cannot
   * fix: HTTP 401 or 403, or none of the requested subprotocols. Fatal by default.
   */
  HandshakeRejected: 4902,
  /** 4903 (local): the device went offline, so the socket was dropped. */
  Offline: 4903,
  /** 4904 (local): the transport reported an error and was dropped. */
  TransportError: 4904,
  /**
   * 4905 (local): the server answered the WebSocket upgrade with another HTTP
   * status (404, 429, 502, 503…: a proxy or a server being deployed). Retried.
   */
  UpgradeFailed: 4905,
} as const;

/** A close code rxwire knows by name. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** What a close means for the session: finished, worth retrying, or hopeless. */
export type CloseClassification = "normal" | "retry" | "fatal";

const fatalCodes: ReadonlySet<number> = new Set([
  CloseCode.HandshakeRejected,
  CloseCode.ProtocolError,
  CloseCode.UnsupportedData,
  CloseCode.InvalidPayload,
  CloseCode.PolicyViolation,
  CloseCode.MessageTooBig,
  CloseCode.MandatoryExtension,
  CloseCode.TlsHandshake,
]);

/**
 * The default reconnect policy's verdict on a close.
 *
 * - `"normal"`: 1000. The session ended on purpose; do not reconnect.
 * - `"fatal"`: 1002, 1003, 1007–1010, 1015 (a retry would fail the same way),
 *   the local 4902 (upgrade refused with HTTP 401/403 or no agreed subprotocol),
 *   and application codes 4400–4499 (like HTTP 4xx: the request itself is wrong).
 * - `"retry"`: everything else, notably 1001, 1005, 1006, 1011–1014, the local
 *   4900, 4901, 4903, 4904 and 4905 codes, and application codes 4000–4399 and 4500–4999.
 *
 * A policy written as `classifyClose(close) === "retry"` therefore behaves like
 * the default one, 401/403 included.
 *
 * Override it per client with `ReconnectPolicy.shouldReconnect`.
 */
export function classifyClose(close: CloseInfo): CloseClassification {
  const { code } = close;
  if (code === CloseCode.Normal) return "normal";
  if (fatalCodes.has(code)) return "fatal";
  if (code >= 4400 && code <= 4499) return "fatal";
  return "retry";
}
