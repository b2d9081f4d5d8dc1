/**
 * Runs a benchmark client as a fresh Node process (TypeScript through tsx) and
 * reads its result: the last stdout line starting with `RESULT `.
 *
 * @module
 */
import { spawn } from "node:child_process";

/** Options of {@link runChild}. */
export interface ChildOptions {
  /** Extra node flags, e.g. `--expose-gc`. */
  nodeArgs?: readonly string[];
  /** Hard bound: the child is killed after this many ms. */
  timeoutMs: number;
}

/** What a child reported. */
export type ChildResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** Prints the child's result line (call from the child). */
export function reportResult(value: Record<string, unknown>): void {
  process.stdout.write("RESULT " + JSON.stringify(value) + "\n");
}

/** Spawns `node --import tsx <script> ...args` and resolves with its result line. */
export function runChild(script: string, args: readonly string[], options: ChildOptions): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", script, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
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
