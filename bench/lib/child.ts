/**
 * Runs a benchmark client as a fresh Node process (bundled, see compiled.ts) and
 * reads its result: the last stdout line starting with `RESULT `.
 *
 * @module
 */
import { execFileSync, spawn } from "node:child_process";
import { scriptArgs } from "./compiled.js";

/** Options of {@link runChild}. */
export interface ChildOptions {
  /** Extra node flags, e.g. `--expose-gc`. */
  nodeArgs?: readonly string[];
  /** Hard bound: the child is killed after this many ms. */
  timeoutMs: number;
  /** Open-file limit the child needs; raised with `ulimit -n` in a bash wrapper when the current one is lower. */
  minFds?: number;
}

/** The soft and hard open-file limits of processes started from here. */
export function fdLimits(): { soft: number; hard: number } {
  const read = (flag: string) => {
    const text = execFileSync("bash", ["-c", `ulimit ${flag}`], { encoding: "utf8" }).trim();
    return text === "unlimited" ? Number.POSITIVE_INFINITY : Number(text);
  };
  return { soft: read("-Sn"), hard: read("-Hn") };
}

/** The argv that runs `node ...nodeArgs` with at least `minFds` descriptors (capped at the hard limit). */
export function nodeCommand(nodeArgs: readonly string[], minFds?: number): { file: string; args: string[] } {
  if (minFds !== undefined) {
    const { soft, hard } = fdLimits();
    if (soft < minFds) {
      const target = Math.min(minFds, hard);
      return { file: "bash", args: ["-c", `ulimit -n ${target} && exec "$0" "$@"`, process.execPath, ...nodeArgs] };
    }
  }
  return { file: process.execPath, args: [...nodeArgs] };
}

/** What a child reported. */
export type ChildResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** Prints the child's result line (call from the child). */
export function reportResult(value: Record<string, unknown>): void {
  process.stdout.write("RESULT " + JSON.stringify(value) + "\n");
}

/** Spawns `node <bundled script> ...args` (see compiled.ts) and resolves with its result line. */
export function runChild(script: string, args: readonly string[], options: ChildOptions): Promise<ChildResult> {
  return new Promise((resolve) => {
    const command = nodeCommand([...(options.nodeArgs ?? []), ...scriptArgs(script), ...args], options.minFds);
    const child = spawn(command.file, command.args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").reverse().find((l) => l.startsWith("RESULT "));
      if (line !== undefined) {
        resolve({ ok: true, value: JSON.parse(line.slice(7)) as Record<string, unknown> });
        return;
      }
      const why = signal === "SIGKILL" ? `timed out after ${options.timeoutMs} ms` : `exit ${code ?? signal}`;
      resolve({ ok: false, error: `${why}: ${stderr.trim().split("\n").slice(-3).join(" / ")}` });
    });
  });
}

/** A readable one-liner for anything thrown or emitted as an error (incl. DOM-style error events). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  const inner = (error as { error?: unknown; message?: unknown } | null)?.error ?? (error as { message?: unknown } | null)?.message;
  return inner instanceof Error ? `${inner.name}: ${inner.message}` : String(inner ?? error);
}
