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

  /** A fresh correlation id (1, 2, …). */
  nextId(): bigint {
    return ++this.lastId;
  }

  /** Registers request `id`; the promise settles on {@link settle}, timeout or {@link rejectAll}. */
  track(id: bigint, timeoutMs: number): Promise<TMessage> {
    return new Promise<TMessage>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestTimeoutError(id, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
    });
  }

  /** Settles request `id` with `reply`; returns false when no request waits for that id. */
  settle(id: bigint, reply: TMessage): boolean {
    const request = this.pending.get(id);
    if (request === undefined) return false;
    this.pending.delete(id);
    this.clock.clearTimeout(request.timer);
    request.resolve(reply);
    return true;
  }

  /** Rejects request `id` (e.g. its send failed). */
  fail(id: bigint, error: unknown): void {
    const request = this.pending.get(id);
    if (request === undefined) return;
    this.pending.delete(id);
    this.clock.clearTimeout(request.timer);
    request.reject(error);
  }

  /** Rejects every pending request and clears its timer. */
  rejectAll(error: RxwireError): void {
    for (const request of this.pending.values()) {
      this.clock.clearTimeout(request.timer);
      request.reject(error);
    }
    this.pending.clear();
  }
}
