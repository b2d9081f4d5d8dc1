/**
 * Request/reply correlation over the envelope's `id` field: `request()` stamps
 * an id, and the first inbound envelope carrying that id (an Ack, an Error or
 * any reply) settles the promise. Timeouts run on the injected clock.
 *
 * Ids are kept in the envelope's own int64 representation (`bigint`, or
 * `number`/`string` for code generated with `--int64 number|string`), which is
 * what decoded replies carry, so matching a reply is one map lookup.
 *
 * @module
 */
import type { Clock } from "./clock.js";
import { RequestTimeoutError, type RequestId, type RxwireError } from "./errors.js";

/** How an envelope represents its int64 `id`. @internal */
export type RequestIdKind = "bigint" | "number" | "string";

const idKinds = new WeakMap<object, RequestIdKind | null>();

/**
 * The representation of the `id` field of the envelopes `codec` creates, or
 * `undefined` when they have no int64 `id`. Asked once per codec. @internal
 */
export function requestIdKindOf(codec: { create(): unknown }): RequestIdKind | undefined {
  let kind = idKinds.get(codec);
  if (kind === undefined) {
    const id: unknown = (codec.create() as { id?: unknown } | undefined)?.id;
    kind = typeof id === "bigint" ? "bigint" : typeof id === "number" ? "number" : typeof id === "string" ? "string" : null;
    idKinds.set(codec, kind);
  }
  return kind ?? undefined;
}

/** Whether `id` means "no id" (0 in any representation): request() stamps a fresh one. @internal */
export function isUnsetId(id: unknown): boolean {
  return id === undefined || id === 0n || id === 0 || id === "0";
}

/**
 * `id` as the key a reply of representation `kind` will carry, or `undefined`
 * when `id` is not an id of that representation (a bigint for a number
 * envelope, a fraction, a non-numeric string…). Decimal strings are made
 * canonical ("007" → "7"), as a decoded reply's id is. @internal
 */
export function requestIdKey(id: unknown, kind: RequestIdKind): RequestId | undefined {
  switch (kind) {
    case "bigint":
      return typeof id === "bigint" ? id : undefined;
    case "number":
      return typeof id === "number" && Number.isSafeInteger(id) ? id : undefined;
    default:
      return typeof id === "string" && /^-?[0-9]+$/.test(id) ? BigInt(id).toString() : undefined;
  }
}

interface PendingRequest<TMessage> {
  resolve(reply: TMessage): void;
  reject(error: unknown): void;
  timer: unknown;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  onSettled: (() => void) | undefined;
}

/** Pending requests of one client, keyed by correlation id. @internal */
export class RequestTracker<TMessage> {
  private readonly pending = new Map<RequestId, PendingRequest<TMessage>>();
  /** The last auto id handed out, as a number (2^53 of them before it could repeat). */
  private lastId = 0;

  constructor(private readonly clock: Clock) {}

  /** Whether any request waits for a reply (the hot path checks this first). */
  get size(): number {
    return this.pending.size;
  }

  /** Whether request `id` is waiting for its reply. */
  has(id: RequestId): boolean {
    return this.pending.has(id);
  }

  /**
   * A fresh correlation id (1, 2, …) in representation `kind`, skipping ids
   * still waiting for a reply (an app may pick its own ids, e.g. 1).
   */
  nextId(kind: RequestIdKind): RequestId {
    // Ends within pending.size + 1 rounds: each skipped id is a pending one.
    for (;;) {
      const n = ++this.lastId;
      const id = kind === "bigint" ? BigInt(n) : kind === "number" ? n : String(n);
      if (!this.pending.has(id)) return id;
    }
  }

  /**
   * Registers request `id`; the promise settles on {@link settle}, timeout,
   * abort of `signal` (rejects with its reason) or {@link rejectAll}.
   * `onSettled` runs once when it settles, whichever way (the client withdraws
   * a request that never left the outbox).
   */
  track(id: RequestId, timeoutMs: number, signal?: AbortSignal, onSettled?: () => void): Promise<TMessage> {
    return new Promise<TMessage>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(signal.reason);
        return;
      }
      const timer = this.clock.setTimeout(() => {
        this.release(id);
        reject(new RequestTimeoutError(id, timeoutMs));
      }, timeoutMs);
      const onAbort = signal === undefined ? undefined : () => this.fail(id, signal.reason);
      this.pending.set(id, { resolve, reject, timer, signal, onAbort, onSettled });
      if (signal !== undefined && onAbort !== undefined) signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Settles request `id` with `reply`; returns false when no request waits for that id (any value may be passed). */
  settle(id: unknown, reply: TMessage): boolean {
    const request = this.release(id);
    if (request === undefined) return false;
    request.resolve(reply);
    return true;
  }

  /** Rejects request `id` (e.g. its send failed). */
  fail(id: RequestId, error: unknown): void {
    this.release(id)?.reject(error);
  }

  /** Rejects every pending request and clears its timer. */
  rejectAll(error: RxwireError): void {
    for (const id of [...this.pending.keys()]) this.release(id)?.reject(error);
  }

  /** Forgets request `id`, clearing its timer and abort listener; returns it if it was pending. */
  private release(id: unknown): PendingRequest<TMessage> | undefined {
    const request = this.pending.get(id as RequestId);
    if (request === undefined) return undefined;
    this.pending.delete(id as RequestId);
    this.clock.clearTimeout(request.timer);
    if (request.signal !== undefined && request.onAbort !== undefined) {
      request.signal.removeEventListener("abort", request.onAbort);
    }
    request.onSettled?.();
    return request;
  }
}
