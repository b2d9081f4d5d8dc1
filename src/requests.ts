/**
 * Request/reply correlation over the envelope's `id` field: `request()` stamps
 * an id, and the first inbound envelope carrying that id (an Ack, an Error or
 * any reply) settles the promise. Timeouts run on the injected clock.
 *
 * @module
 */
import type { Clock } from "./clock.js";
import { RequestTimeoutError, type RxwireError } from "./errors.js";

interface PendingRequest<TMessage> {
  resolve(reply: TMessage): void;
  reject(error: unknown): void;
  timer: unknown;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** Pending requests of one client, keyed by correlation id. @internal */
export class RequestTracker<TMessage> {
  private readonly pending = new Map<bigint, PendingRequest<TMessage>>();
  private lastId = 0n;

  constructor(private readonly clock: Clock) {}

  /** Whether any request waits for a reply (the hot path checks this first). */
  get size(): number {
    return this.pending.size;
  }

  /** Whether request `id` is waiting for its reply. */
  has(id: bigint): boolean {
    return this.pending.has(id);
  }

  /** A fresh correlation id (1, 2, …). */
  nextId(): bigint {
    return ++this.lastId;
  }

  /**
   * Registers request `id`; the promise settles on {@link settle}, timeout,
   * abort of `signal` (rejects with its reason) or {@link rejectAll}.
   */
  track(id: bigint, timeoutMs: number, signal?: AbortSignal): Promise<TMessage> {
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
      this.pending.set(id, { resolve, reject, timer, signal, onAbort });
      if (signal !== undefined && onAbort !== undefined) signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Settles request `id` with `reply`; returns false when no request waits for that id. */
  settle(id: bigint, reply: TMessage): boolean {
    const request = this.release(id);
    if (request === undefined) return false;
    request.resolve(reply);
    return true;
  }

  /** Rejects request `id` (e.g. its send failed). */
  fail(id: bigint, error: unknown): void {
    this.release(id)?.reject(error);
  }

  /** Rejects every pending request and clears its timer. */
  rejectAll(error: RxwireError): void {
    for (const id of [...this.pending.keys()]) this.release(id)?.reject(error);
  }

  /** Forgets request `id`, clearing its timer and abort listener; returns it if it was pending. */
  private release(id: bigint): PendingRequest<TMessage> | undefined {
    const request = this.pending.get(id);
    if (request === undefined) return undefined;
    this.pending.delete(id);
    this.clock.clearTimeout(request.timer);
    if (request.signal !== undefined && request.onAbort !== undefined) {
      request.signal.removeEventListener("abort", request.onAbort);
    }
    return request;
  }
}
