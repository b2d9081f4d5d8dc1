/**
 * Run-size knobs shared by every benchmark. `BENCH_QUICK=1` shrinks everything
 * for a fast smoke pass; `BENCH_ROUNDS` overrides the number of rounds.
 *
 * @module
 */

/** True for a fast pass (`BENCH_QUICK=1`). */
export const quick: boolean = process.env["BENCH_QUICK"] === "1";

/** Rounds per benchmark: `BENCH_ROUNDS`, else `full` (or `quickRounds` in a quick pass). */
export function rounds(full: number, quickRounds = 1): number {
  const fromEnv = Number(process.env["BENCH_ROUNDS"]);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return quick ? quickRounds : full;
}

/** `full` normally, `small` in a quick pass. */
export function size(full: number, small: number): number {
  return quick ? small : full;
}

/**
 * Extra Node/V8 flags for the receive benchmarks' children, from
 * `BENCH_NODE_FLAGS` (space-separated), e.g. `--no-concurrent-recompilation`.
 * A diagnostic: it changes what is measured, so tables run with it say so.
 */
export function diagnosticNodeFlags(): string[] {
  return (process.env["BENCH_NODE_FLAGS"] ?? "").split(" ").filter((flag) => flag !== "");
}

/** A table note naming the {@link diagnosticNodeFlags} in effect, or none. */
export function diagnosticNotes(): string[] {
  const flags = diagnosticNodeFlags();
  return flags.length === 0 ? [] : [`DIAGNOSTIC RUN: children started with ${flags.join(" ")} (BENCH_NODE_FLAGS)`];
}

/** One line describing the machine, for README tables. */
export async function machineLine(): Promise<string> {
  const os = await import("node:os");
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const load = os.loadavg().map((l) => l.toFixed(1)).join(" / ");
  return `${os.cpus().length}× ${cpu.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}, load average ${load} (1/5/15 min) at the end`;
}

/**
 * The contenders to run: `names` filtered by `BENCH_ONLY` (comma-separated
 * names), always keeping `baseline` so ratios stay defined. For quick A/B work.
 */
export function selectedContenders<T extends string>(names: readonly T[], baseline: string): T[] {
  const only = process.env["BENCH_ONLY"];
  if (only === undefined || only === "") return [...names];
  const wanted = new Set(only.split(",").map((s) => s.trim()));
  return names.filter((n) => n === baseline || wanted.has(n));
}

/** The payload kinds to run: all, or those listed in `BENCH_KINDS` (comma-separated). */
export function selectedKinds<T extends string>(kinds: readonly T[]): T[] {
  const only = process.env["BENCH_KINDS"];
  if (only === undefined || only === "") return [...kinds];
  const wanted = new Set(only.split(",").map((s) => s.trim()));
  return kinds.filter((k) => wanted.has(k));
}
