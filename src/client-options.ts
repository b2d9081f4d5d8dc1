/**
 * Everything `createClient()` accepts, with defaults filled in one place
 * ({@link resolveClientOptions}).
 *
 * @module
 */
import { defaultReconnectPolicy } from "./backoff.js";
import { systemClock, type Clock } from "./clock.js";
import type { EnvelopeCodec } from "./codec.js";
import type { HeartbeatPolicy, ReconnectPolicy } from "./machine.js";
import type { TransportFactory } from "./transport.js";
import { createWebSocketTransportFactory, type WebSocketConstructor } from "./transport-websocket.js";

/** Where to connect: a fixed URL, or a provider called before every attempt (e.g. to mint a fresh token). */
export type UrlSource = string | (() => string | Promise<string>);

/** Application-level keepalive. */
export interface HeartbeatOptions<TMessage> {
  /**
   * Quiet time after which a ping is sent, in ms (above 0, at most 2^31 − 1).
   * @default 25000
   */
  intervalMs?: number;
  /**
   * How long to wait after a ping for proof of life before terminating the socket, in ms (above 0, at most 2^31 − 1).
   * @default 10000
   */
  timeoutMs?: number;
  /** Builds the ping message (sent directly, never queued). */
  ping(): TMessage;
  /** Recognises the pong; required when `livenessFrom` is `"pong"`. */
  isPong?(message: TMessage): boolean;
  /**
   * What proves the link alive after a ping: `"any"` inbound frame (a busy
   * server's pong may queue behind data) or only a `"pong"`.
   * @default "any"
   */
  livenessFrom?: "pong" | "any";
}

/** Options of `createClient()`. */
export interface ClientOptions<TMessage> {
  /**
   * `ws://` or `wss://` URL, or a function returning one (or a promise of one),
   * called before every attempt. A provider that throws or rejects counts as a
   * failed attempt (InvalidUrl on `errors$`; the reconnect policy applies).
   */
  url: UrlSource;
  /** The generated envelope codec, e.g. `Envelope` from `generated/switches_pb.ts`. */
  codec: EnvelopeCodec<TMessage>;
  /** `Sec-WebSocket-Protocol` value(s) to ask for. */
  protocols?: string | readonly string[];
  /**
   * An attempt that has not opened after this long fails (close code 4901), in ms.
   * Above 0 and at most 2^31 − 1 (a timer's limit); `Infinity` throws a `RangeError`.
   * @default 10000
   */
  connectTimeoutMs?: number;
  /**
   * After `close()`, terminate the socket if the peer's close frame has not come within this, in ms.
   * Above 0 and at most 2^31 − 1.
   * @default 5000
   */
  closeTimeoutMs?: number;
  /**
   * Reconnect policy (merged over `defaultReconnectPolicy`), or `false` to never reconnect.
   * @default defaultReconnectPolicy
   */
  reconnect?: Partial<ReconnectPolicy> | false;
  /**
   * Application-level ping/pong, or `false`.
   * @default false
   */
  heartbeat?: HeartbeatOptions<TMessage> | false;
  /**
   * Queue up to `limit` messages sent while not open, flushed in order on the next open.
   * Without it, `send()` while not open throws `NotOpenError`.
   */
  outbox?: { limit: number };
  /**
   * Connect on the first subscriber of `messages$`/`on()`, close after the last one leaves.
   * @default false
   */
  lazy?: boolean;
  /** WebSocket constructor to use instead of `isomorphic-ws` (React Native, polyfills). Ignored when `transport` is set. */
  WebSocket?: WebSocketConstructor;
  /**
   * Full transport override: a {@link TransportFactory}. Tests pass
   * `createFakeTransport().factory` from `rxwire/testing`.
   */
  transport?: TransportFactory;
  /**
   * Inbound frames larger than this are dropped with `MessageTooLargeError` on `errors$`; the connection stays up.
   * On Node, `ws` refuses messages over its own `maxPayload` (100 MiB) before this applies: it closes
   * the connection with 1009, reported as a `MessageTooLargeError` without `size`.
   * @default Infinity
   */
  maxMessageBytes?: number;
  /**
   * Every timer the client starts runs on this clock.
   * @default systemClock
   */
  clock?: Clock;
  /**
   * Uniform random numbers in [0, 1), for reconnect jitter.
   * @default Math.random
   */
  random?: () => number;
}

/** Options with every default applied. @internal */
export interface ResolvedClientOptions<TMessage> {
  url: UrlSource;
  codec: EnvelopeCodec<TMessage>;
  protocols: string | readonly string[] | undefined;
  connectTimeoutMs: number;
  closeTimeoutMs: number;
  reconnect: ReconnectPolicy | false;
  heartbeat: (HeartbeatPolicy & { ping(): TMessage; isPong: ((message: TMessage) => boolean) | undefined }) | false;
  outboxLimit: number;
  lazy: boolean;
  transport: TransportFactory;
  maxMessageBytes: number;
  clock: Clock;
  random: () => number;
}

/** The factory over the default WebSocket; stateless, so every client shares it. */
let defaultTransport: TransportFactory | undefined;

/** The longest delay a JavaScript timer honours (2^31 − 1 ms, about 24.8 days); longer ones fire after 1 ms. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Validates a timeout or interval in ms: a number above 0 and at most
 * {@link MAX_TIMEOUT_MS}. `Infinity` and larger values are refused: timers
 * would clamp them to 1 ms and turn a "never" into a tight loop. @internal
 */
export function timeoutMs(name: string, value: unknown): number {
  if (typeof value !== "number" || !(value > 0) || !(value <= MAX_TIMEOUT_MS)) {
    throw new RangeError(
      `rxwire: ${name} must be a number of ms above 0 and at most ${MAX_TIMEOUT_MS} (about 24.8 days), got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Fills defaults and validates; throws `TypeError`/`RangeError` on misconfiguration
 * (e.g. a timeout that is not a number in (0, 2^31 − 1] ms). @internal
 */
export function resolveClientOptions<TMessage>(options: ClientOptions<TMessage>): ResolvedClientOptions<TMessage> {
  const heartbeatOptions = options.heartbeat ?? false;
  let heartbeat: ResolvedClientOptions<TMessage>["heartbeat"] = false;
  if (heartbeatOptions !== false) {
    const livenessFrom = heartbeatOptions.livenessFrom ?? "any";
    if (livenessFrom === "pong" && heartbeatOptions.isPong === undefined) {
      throw new TypeError('rxwire: heartbeat.livenessFrom "pong" needs heartbeat.isPong');
    }
    heartbeat = {
      intervalMs: timeoutMs("heartbeat.intervalMs", heartbeatOptions.intervalMs ?? 25_000),
      timeoutMs: timeoutMs("heartbeat.timeoutMs", heartbeatOptions.timeoutMs ?? 10_000),
      ping: heartbeatOptions.ping,
      isPong: livenessFrom === "pong" ? heartbeatOptions.isPong : undefined,
    };
  }
  const outboxLimit = options.outbox?.limit ?? 0;
  if (!(outboxLimit >= 0) || !Number.isInteger(outboxLimit)) {
    throw new RangeError(`rxwire: outbox.limit must be a non-negative integer, got ${outboxLimit}`);
  }
  return {
    url: options.url,
    codec: options.codec,
    protocols: options.protocols,
    connectTimeoutMs: timeoutMs("connectTimeoutMs", options.connectTimeoutMs ?? 10_000),
    closeTimeoutMs: timeoutMs("closeTimeoutMs", options.closeTimeoutMs ?? 5_000),
    reconnect:
      options.reconnect === false
        ? false
        : options.reconnect === undefined
          ? defaultReconnectPolicy
          : { ...defaultReconnectPolicy, ...options.reconnect },
    heartbeat,
    outboxLimit,
    lazy: options.lazy ?? false,
    transport:
      options.transport ??
      (options.WebSocket === undefined
        ? (defaultTransport ??= createWebSocketTransportFactory())
        : createWebSocketTransportFactory(options.WebSocket)),
    maxMessageBytes: options.maxMessageBytes ?? Number.POSITIVE_INFINITY,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
  };
}
