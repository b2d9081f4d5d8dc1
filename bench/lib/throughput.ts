/**
 * Shared bookkeeping of the two throughput benchmarks: per-round samples of
 * messages per CPU-second (the client process's user + system time) and per
 * wall-second, summarised against the same-round baseline.
 *
 * CPU time is the headline: on a shared machine other processes stretch wall
 * time but barely change the CPU a client spends per message. Wall time is
 * shown alongside; on an idle machine the two agree (one client thread, the
 * server in another process).
 *
 * When a child also reports `mainCpuMs` (its main thread alone, see
 * thread-cpu.ts), the table gains a column with the median share of the
 * child's CPU spent off the main thread: V8 compiling and collecting garbage
 * in the background.
 *
 * @module
 */
import type { ChildResult } from "./child.js";
import { failedRoundsNotes, fmtInt, fmtRatio, labelWithRounds, type Table } from "./report.js";
import { median, summarise, type ContenderSummary } from "./stats.js";

/** Samples of every contender over the rounds. */
export class ThroughputSamples {
  private readonly cpu = new Map<string, number[]>();
  private readonly wall = new Map<string, number[]>();
  private readonly errors = new Map<string, string>();
  /** Per contender, the share of each round's CPU time spent off the main thread (0..1). */
  private readonly offMain = new Map<string, number[]>();

  constructor(private readonly names: readonly string[], private readonly baseline: string) {
    for (const n of names) {
      this.cpu.set(n, []);
      this.wall.set(n, []);
    }
  }

  /**
   * Records one child's result for `messages` messages; `invalid` returns why a
   * reported run does not count (e.g. incomplete), or undefined when it does.
   */
  add(name: string, messages: number, result: ChildResult, invalid: (value: Record<string, unknown>) => string | undefined): void {
    const error = this.errorOf(result, invalid);
    if (error !== undefined) this.errors.set(name, error);
    const v = result.ok && error === undefined ? result.value : undefined;
    this.cpu.get(name)?.push(v === undefined ? Number.NaN : messages / ((v["cpuMs"] as number) / 1000));
    this.wall.get(name)?.push(v === undefined ? Number.NaN : messages / ((v["ms"] as number) / 1000));
    const main = v?.["mainCpuMs"];
    if (v !== undefined && typeof main === "number") {
      const share = Math.min(1, Math.max(0, 1 - main / (v["cpuMs"] as number)));
      this.offMain.set(name, [...(this.offMain.get(name) ?? []), share]);
    }
  }

  /** Why `result` is not a valid run, or undefined when it is. */
  private errorOf(result: ChildResult, invalid: (value: Record<string, unknown>) => string | undefined): string | undefined {
    if (!result.ok) return result.error;
    const v = result.value;
    if (typeof v["ms"] !== "number" || typeof v["cpuMs"] !== "number") return String(v["error"] ?? JSON.stringify(v));
    return invalid(v);
  }

  /** Median share of CPU time off the main thread per contender (only those that reported it). */
  offMainShares(): Record<string, number> {
    return Object.fromEntries([...this.offMain].map(([name, shares]) => [name, median(shares)]));
  }

  /** Summaries per contender (CPU-based and wall-based). */
  summaries(): {
    cpu: ContenderSummary[];
    wall: ContenderSummary[];
    offMainCpu: Record<string, number>;
    errors: Record<string, string>;
  } {
    return {
      cpu: summarise(this.cpu, this.baseline),
      wall: summarise(this.wall, this.baseline),
      offMainCpu: this.offMainShares(),
      errors: Object.fromEntries(this.errors),
    };
  }

  /** The table body for {@link printResult}. */
  table(title: string, notes: string[]): Table {
    const { cpu, wall, offMainCpu } = this.summaries();
    const withThreads = Object.keys(offMainCpu).length > 0;
    const threads = (name: string) => {
      const share = offMainCpu[name];
      return share === undefined ? "" : `${Math.round(share * 100)} %`;
    };
    return {
      title,
      header: [
        "client",
        "msgs/CPU-s",
        "min–max",
        `vs ${this.baseline} (CPU)`,
        "msgs/s wall",
        `vs ${this.baseline} (wall)`,
        ...(withThreads ? ["CPU off the main thread"] : []),
      ],
      rows: cpu.map((c, i) => {
        const w = wall[i];
        const extra = withThreads ? [threads(c.name)] : [];
        const label = labelWithRounds(c.name + (c.name === this.baseline ? " (baseline)" : ""), c.rounds, c.roundsRun);
        if (c.rounds === 0) return [label, "n/a", "", `n/a: ${this.errors.get(c.name) ?? "failed"}`, "", "", ...extra];
        return [
          label,
          fmtInt(c.value.median),
          `${fmtInt(c.value.min)}–${fmtInt(c.value.max)}`,
          fmtRatio(c.ratio),
          fmtInt(w?.value.median),
          fmtRatio(w?.ratio),
          ...extra,
        ];
      }),
      notes: [
        ...notes,
        ...failedRoundsNotes(cpu.map((c) => ({ name: c.name, succeeded: c.rounds, run: c.roundsRun, lastError: this.errors.get(c.name) }))),
      ],
    };
  }
}
