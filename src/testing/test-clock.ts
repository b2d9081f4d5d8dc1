/**
 * A manual {@link Clock} for tests: time moves only when the test says so, and
 * timers fire in due order with `now()` reading their due time (unlike a jump
 * that would make every timer look late).
 *
 * @module
 */
import type { Clock } from "../clock.js";
import { TimerLoopError } from "../errors.js";

/**
 * Zero-delay timers, scheduled by timers of the same {@link TestClock.advance},
 * that may fire at one instant before it decides they schedule each other
 * forever. A client chains a handful at most.
 */
const MAX_TIMERS_PER_INSTANT = 10_000;

interface PendingTimer {
  id: number;
  /** `now()` when it was scheduled. */
  at: number;
  due: number;
  fn: () => void;
}

/** A deterministic clock whose time is advanced by the test. */
export class TestClock implements Clock {
  private readonly timers = new Map<number, PendingTimer>();
  private nextId = 1;
  private current: number;

  /** @param start - the initial reading of `now()`. */
  constructor(start = 0) {
    this.current = start;
  }

  /** The current time, in milliseconds. */
  now(): number {
    return this.current;
  }

  /** Schedules `fn` at `now() + ms`. */
  setTimeout(fn: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.current, due: this.current + Math.max(0, ms), fn });
    return id;
  }

  /** Cancels a pending timer; unknown handles are ignored. */
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** How many timers are scheduled and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Due time of the earliest pending timer, or `undefined` if none. */
  nextDue(): number | undefined {
    let earliest: number | undefined;
    for (const timer of this.timers.values()) {
      if (earliest === undefined || timer.due < earliest) earliest = timer.due;
    }
    return earliest;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way,
   * in due order (timers scheduled by those timers included).
   *
   * @throws RangeError when `ms` is negative or not a number (time never runs backwards).
   * @throws TimerLoopError when timers keep scheduling timers at one instant
   *   (more than 10,000 zero-delay timers in a chain), which would otherwise never return; `now()` then reads that instant.
   */
  advance(ms: number): void {
    checkMs("advance", ms);
    const target = this.current + ms;
    const firstNewId = this.nextId;
    let chained = 0;
    for (;;) {
      const next = this.takeNextDue(target);
      if (next === undefined) break;
      if (next.due > this.current) {
        this.current = next.due;
        chained = 0;
      }
      // Only timers scheduled by this advance at the instant they fire count: a
      // fleet of clients with timers due together is not a loop, however large.
      if (next.id >= firstNewId && next.at === next.due && ++chained > MAX_TIMERS_PER_INSTANT) {
        // Put it back under its own handle: the clock stays usable and dispose() can clear it.
        this.timers.set(next.id, next);
        throw new TimerLoopError(this.current, MAX_TIMERS_PER_INSTANT);
      }
      next.fn();
    }
    this.current = target;
  }

  /**
   * Moves `now()` forward by `ms` without firing any timer, like a device whose
   * timers were frozen while it slept. The overdue timers fire on the next advance.
   */
  skew(ms: number): void {
    checkMs("skew", ms);
    this.current += ms;
  }

  /** Advances to the next pending timer and fires it (and any due at the same time); returns false if none. */
  advanceToNext(): boolean {
    const due = this.nextDue();
    if (due === undefined) return false;
    // After a skew() the earliest timer may already be overdue: it fires now.
    this.advance(Math.max(0, due - this.current));
    return true;
  }

  /** Alias of {@link TestClock.advance}, matching XState's SimulatedClock. */
  increment(ms: number): void {
    this.advance(ms);
  }

  private takeNextDue(limit: number): PendingTimer | undefined {
    let bestId: number | undefined;
    let best: PendingTimer | undefined;
    for (const [id, timer] of this.timers) {
      if (timer.due <= limit && (best === undefined || timer.due < best.due)) {
        best = timer;
        bestId = id;
      }
    }
    if (bestId !== undefined) this.timers.delete(bestId);
    return best;
  }
}

function checkMs(method: string, ms: number): void {
  if (!(ms >= 0) || ms === Number.POSITIVE_INFINITY) {
    throw new RangeError(`TestClock.${method}: ms must be a finite number ≥ 0, got ${String(ms)}`);
  }
}
