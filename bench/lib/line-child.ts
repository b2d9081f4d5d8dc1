/**
 * A benchmark child process driven by lines: the parent writes commands to its
 * stdin and waits for marker lines (`READY`, `RESULT {...}`) on its stdout.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { nodeCommand } from "./child.js";
import { scriptArgs } from "./compiled.js";

/** A running line-driven child. */
export interface LineChild {
  /** Resolves with the first match of `pattern` in stdout so far or later, or undefined after `ms` / on exit. */
  waitFor(pattern: RegExp, ms: number): Promise<RegExpExecArray | undefined>;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  /** The last stderr line (for error messages). */
  lastError(): string;
  /** SIGKILLs the child if still running and waits for it to exit. */
  close(): Promise<void>;
}

/** Spawns `node <bundled script> ...args` (see compiled.ts) with at least `minFds` file descriptors. */
export function spawnLineChild(script: string, args: readonly string[], minFds?: number): LineChild {
  const command = nodeCommand([...scriptArgs(script), ...args], minFds);
  const child = spawn(command.file, command.args, { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    wake();
  });
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdin.on("error", () => {});
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(wake);
  return {
    async waitFor(pattern, ms) {
      const deadline = Date.now() + ms;
      for (;;) {
        const match = pattern.exec(stdout);
        if (match !== null) return match;
        if (child.exitCode !== null || child.signalCode !== null || Date.now() >= deadline) return undefined;
        await Promise.race([
          new Promise<void>((r) => waiters.push(r)),
          sleep(Math.max(1, deadline - Date.now()), undefined, { ref: false }),
        ]);
      }
    },
    send: (line) => {
      if (child.exitCode === null) child.stdin.write(line + "\n");
    },
    lastError: () => stderr.trim().split("\n").pop() ?? "",
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Parses the JSON of a `RESULT {...}` line match. */
export function parseResult<T>(match: RegExpExecArray | undefined): T | undefined {
  return match?.[1] === undefined ? undefined : (JSON.parse(match[1]) as T);
}
