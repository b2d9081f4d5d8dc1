/**
 * CPU time of this process's main thread alone, from Linux's
 * `/proc/self/task/<pid>/schedstat` (nanoseconds on CPU). The rest of a
 * child's CPU time (`process.cpuUsage()`) is spent by V8's helper threads:
 * TurboFan compiling hot functions in the background and the GC's parallel
 * and concurrent work, which a `--cpu-prof` profile (main thread only) never
 * shows. Undefined where the file does not exist.
 *
 * @module
 */
import { readFileSync } from "node:fs";

/** Main-thread CPU time in ms so far, or undefined when the platform cannot tell. */
export function mainThreadCpuMs(): number | undefined {
  try {
    const text = readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8");
    const ns = Number(text.split(" ")[0]);
    return Number.isFinite(ns) ? ns / 1e6 : undefined;
  } catch {
    return undefined;
  }
}
