/**
 * The client's hot multicast: a copy-on-write list of RxJS subscribers.
 *
 * Why not a `Subject` (plus `filter`/`map` per `on(case)`): every RxJS
 * operator and subject layer adds a few objects and closures per subscription
 * (about 4 KB for `state$` plus one `on()`), and a thousand idle clients pay
 * that a thousand times. A fanout costs one array, and delivery is a plain loop.
 *
 * @module
 */
import type { Subscriber } from "rxjs";

const none: readonly never[] = [];

/** Delivers values to the subscribers registered at the time of each call. @internal */
export class Fanout<T> {
  /** Replaced (never mutated) on add/remove, so delivery can iterate it while subscribers leave. */
  private subscribers: readonly Subscriber<T>[] = none;

  /** Number of subscribers. */
  get size(): number {
    return this.subscribers.length;
  }

  /** Registers `subscriber`. */
  add(subscriber: Subscriber<T>): void {
    this.subscribers = [...this.subscribers, subscriber];
  }

  /** Unregisters `subscriber` (no-op if absent). */
  remove(subscriber: Subscriber<T>): void {
    const index = this.subscribers.indexOf(subscriber);
    if (index < 0) return;
    this.subscribers =
      this.subscribers.length === 1 ? none : this.subscribers.filter((_, i) => i !== index);
  }

  /** Delivers `value` to every current subscriber. */
  next(value: T): void {
    const subscribers = this.subscribers;
    for (let i = 0; i < subscribers.length; i++) subscribers[i]?.next(value);
  }

  /** Completes and forgets every subscriber. */
  complete(): void {
    const subscribers = this.subscribers;
    this.subscribers = none;
    for (const subscriber of subscribers) subscriber.complete();
  }
}
