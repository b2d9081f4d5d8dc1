/**
 * Summaries for interleaved benchmark rounds: median and min–max, absolute and
 * as a ratio to the baseline measured in the same round.
 *
 * @module
 */

/** Median of a non-empty list (mean of the two middle values for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The q-quantile (0..1) by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Median with its range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** Median, min and max of `values`. */
export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** One contender's figures over all rounds of a benchmark. */
export interface ContenderSummary {
  name: string;
  /** The measured quantity per round (unit given by the benchmark). */
  value: Spread;
  /** value / baseline value of the same round, per round; undefined when the baseline failed. */
  ratio: Spread | undefined;
  /** Rounds that produced a value (the others failed). */
  rounds: number;
  /** Rounds that were run, failed ones included. */
  roundsRun: number;
}

/**
 * Summarises per-round samples. `samples[name][round]` is the contender's value in
 * that round (NaN when the run failed). Ratios are taken round by round against
 * `baseline`, so drift over the run cancels out. With `lowerIsBetter` the ratio
 * is baseline / value, so "> 1" always means "better than the baseline".
 */
export function summarise(
  samples: ReadonlyMap<string, readonly number[]>,
  baseline: string,
  lowerIsBetter = false,
): ContenderSummary[] {
  const base = samples.get(baseline) ?? [];
  const out: ContenderSummary[] = [];
  for (const [name, values] of samples) {
    const ok = values.filter((v) => Number.isFinite(v));
    const ratios: number[] = [];
    values.forEach((v, round) => {
      const b = base[round];
      if (b !== undefined && Number.isFinite(v) && Number.isFinite(b) && v !== 0 && b !== 0) {
        ratios.push(lowerIsBetter ? b / v : v / b);
      }
    });
    out.push({
      name,
      value: ok.length > 0 ? spread(ok) : { median: Number.NaN, min: Number.NaN, max: Number.NaN },
      ratio: ratios.length > 0 ? spread(ratios) : undefined,
      rounds: ok.length,
      roundsRun: values.length,
    });
  }
  return out;
}

/**
 * The values of `key` round by round from per-round run records (undefined
 * where the run failed), NaN where a run failed or did not report `key`: the
 * shape {@link summarise} takes, so a failed run never shifts later rounds.
 */
export function valuesByRound(runs: readonly (Readonly<Record<string, unknown>> | undefined)[], key: string): number[] {
  return runs.map((run) => {
    const value = run?.[key];
    return typeof value === "number" ? value : Number.NaN;
  });
}
