/**
 * Opt-in CPU profiles of benchmark children: `BENCH_PROFILE=<contender name>`
 * adds `--cpu-prof` to that contender's processes, writing `.cpuprofile` files
 * to bench/profiles/ (git-ignored; open them in Chrome DevTools), and
 * {@link summariseProfile} prints the top functions by self time.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Directory the profiles go to. */
export const profileDir: string = fileURLToPath(new URL("../profiles/", import.meta.url));

/**
 * Node flags for `contender`: `--cpu-prof` when BENCH_PROFILE names it, else none.
 * Each thread writes its own file (tsx's loader runs in a worker), so files are
 * grouped in a directory per contender and label; the main thread's is the largest.
 */
export function profileArgs(contender: string, label: string): string[] {
  if (process.env["BENCH_PROFILE"] !== contender) return [];
  const safe = `${contender}-${label}`.replace(/[^a-z0-9-]+/gi, "_");
  return ["--cpu-prof", `--cpu-prof-dir=${profileDir}${safe}`];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * The `top` functions by self time (share of busy time) in a `.cpuprofile`, as
 * "share  name  file:line" lines. With `under`, only samples whose stack passes
 * through a frame whose URL contains it count (e.g. `ws/lib/receiver.js` keeps
 * the per-message path and drops process start-up).
 */
export function summariseProfile(file: string, top = 15, under?: string): string[] {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const passesThrough = (id: number): boolean => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      if (byId.get(cur)?.callFrame.url.includes(under ?? "") === true) return true;
    }
    return false;
  };
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (node === undefined) return;
    if (under !== undefined && !passesThrough(id)) return;
    const f = node.callFrame;
    const where = f.url === "" ? "" : `${f.url.replace(/^.*\/(node_modules|src|generated|bench)\//, "$1/")}:${f.lineNumber + 1}`;
    const key = `${f.functionName || "(anonymous)"}  ${where}`;
    if (key.startsWith("(idle)")) return;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${key}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Usage: profile.ts [--under <url part>] <file.cpuprofile>...
  const args = process.argv.slice(2);
  const at = args.indexOf("--under");
  const under = at >= 0 ? args.splice(at, 2)[1] : undefined;
  for (const file of args) process.stdout.write(`${file}\n${summariseProfile(file, 15, under).join("\n")}\n\n`);
}
