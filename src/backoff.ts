/**
 * Reconnect delays: capped exponential backoff with optional full jitter.
 *
 * @module
 */
import type { ReconnectPolicy } from "./machine.js";

/** The largest delay a JavaScript timer honours (2^31 − 1 ms ≈ 24.8 days). */
const maxTimerDelayMs = 2 ** 31 - 1;

/**
 * The reconnect policy used when the app configures none. Tuned for mobile
 * links, where drops are frequent and short, and for fleets, where one server
 * restart drops thousands of clients at the same instant:
 *
 * - `initialDelayMs: 1_500`: the first retry comes after 0.75 s on average,
 *   and a fleet's first wave is spread over 1.5 s instead of hitting at once;
 * - `factor: 1.5`, `maxDelayMs: 15_000`: ceilings of 1.5 s, 2.25 s, 3.4 s, …
 *   capped at 15 s, so a client is back within seconds of the server's return
 *   (a steeper curve leaves a long tail of clients waiting out large delays);
 * - `jitter: "full"`: each delay is drawn uniformly in [0, ceiling) per attempt,
 *   so clients dropped together do not return in lockstep;
 * - `maxAttempts: Infinity`: never give up on transient failures;
 * - `resetAfterMs: 5_000`: a connection that stays open 5 s counts as stable,
 *   and the next drop starts the schedule from the beginning again.
 */
export const defaultReconnectPolicy: ReconnectPolicy = {
  initialDelayMs: 1_500,
  maxDelayMs: 15_000,
  factor: 1.5,
  jitter: "full",
  maxAttempts: Number.POSITIVE_INFINITY,
  resetAfterMs: 5_000,
};

/**
 * Delay before reconnect attempt number `attempt` (1 for the first retry).
 *
 * The ceiling is `min(maxDelayMs, initialDelayMs * factor^(attempt - 1))`. With
 * `jitter: "full"` the delay is `random() * ceiling` ("full jitter", as in the
 * AWS Architecture Blog's "Exponential Backoff and Jitter"), so `random` is
 * called exactly once per attempt; with `"none"` it is the ceiling and `random`
 * is not called.
 *
 * Always returns a finite whole number of milliseconds in [0, 2^31 − 1], even
 * for huge `attempt`s or odd policies (negative, NaN or infinite numbers).
 */
export function reconnectDelay(
  attempt: number,
  policy: Pick<ReconnectPolicy, "initialDelayMs" | "maxDelayMs" | "factor" | "jitter">,
  random: () => number,
): number {
  const initial = finiteNonNegative(policy.initialDelayMs, 0);
  const max = Math.min(finiteNonNegative(policy.maxDelayMs, maxTimerDelayMs), maxTimerDelayMs);
  const factor = finiteNonNegative(policy.factor, 1);
  const exponent = Math.max(0, Number.isFinite(attempt) ? Math.floor(attempt) - 1 : attempt > 0 ? Infinity : 0);
  // factor ** exponent may be Infinity (and 0 * Infinity is NaN); the cap handles both.
  const grown = initial * factor ** exponent;
  const ceiling = Number.isNaN(grown) ? 0 : Math.min(max, grown);
  if (policy.jitter !== "full") return Math.round(ceiling);
  const draw = random();
  const unit = Number.isFinite(draw) ? Math.min(Math.max(draw, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}

function finiteNonNegative(value: number, fallback: number): number {
  if (Number.isNaN(value)) return fallback;
  if (value === Number.POSITIVE_INFINITY) return maxTimerDelayMs;
  return Math.max(0, value);
}
