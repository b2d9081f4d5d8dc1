/**
 * Bounded waiting for integration tests: every wait has a deadline and fails
 * with a message instead of hanging the suite.
 */
import { firstValueFrom, filter, timeout, type Observable } from "rxjs";

/** The first value of `source$` matching `predicate`, or an error after `ms`. */
export function waitFor<T>(source$: Observable<T>, predicate: (value: T) => boolean, ms = 5_000, what = "value"): Promise<T> {
  return firstValueFrom(
    source$.pipe(
      filter(predicate),
      timeout({ first: ms, with: () => { throw new Error(`timed out after ${ms} ms waiting for ${what}`); } }),
    ),
  );
}

/** Polls `check` every few ms until it returns true, or rejects after `ms`. */
export async function until(check: () => boolean, ms = 5_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
