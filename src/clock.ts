/**
 * Time, injected. Every timer rxwire starts goes through a {@link Clock}, so tests
 * (and apps' own tests, via `rxwire/testing`) can drive time exactly.
 *
 * @module
 */

/**
 * Timers plus a wall-clock reading. Structurally compatible with XState's
 * `Clock` and `SimulatedClock`.
 */
export interface Clock {
  /** Schedules `fn` after `ms` milliseconds; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer started by {@link Clock.setTimeout}. */
  clearTimeout(handle: unknown): void;
  /** Milliseconds since the epoch (or any fixed origin), read from the wall clock. */
  now(): number;
}

/** The real clock: global timers and `Date.now()`. */
export const systemClock: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};
