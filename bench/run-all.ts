/**
 * `npm run bench`: every benchmark in turn, one table per benchmark plus a
 * `BENCH_JSON` line each; a full (non-quick) run in which every benchmark
 * succeeded also rewrites the results section of bench/README.md with the
 * tables and the machine they ran on.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runBundleSize } from "./bundle-size.js";
import { runDeadPeerBench } from "./dead-peer/run.js";
import { runIdleMemoryBench } from "./idle-memory/run.js";
import { machineLine, quick } from "./lib/config.js";
import { printedTables } from "./lib/report.js";
import { runReceiveBench } from "./receive/run.js";
import { runReconnectStormBench } from "./reconnect-storm/run.js";
import { runSendBench } from "./send/run.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const readmePath = fileURLToPath(new URL("./README.md", import.meta.url));
const startMarker = "<!-- results:start -->";
const endMarker = "<!-- results:end -->";

/** Runs `npm run bench:codec` (owned by the codegen work) when package.json has it; returns its output and whether it succeeded. */
function runCodecBench(): { output: string; ok: boolean } {
  const pkg = JSON.parse(readFileSync(`${repoRoot}package.json`, "utf8")) as { scripts?: Record<string, string> };
  if (pkg.scripts?.["bench:codec"] === undefined) {
    const note = "bench:codec: not on main yet (owned by the codegen branch)";
    process.stdout.write(`### Codec\n\n  ${note}\n\n`);
    return { output: note, ok: true };
  }
  process.stdout.write("### Codec (npm run bench:codec)\n\n");
  const r = spawnSync("npm", ["run", "--silent", "bench:codec"], { cwd: repoRoot, encoding: "utf8", env: process.env, timeout: 300_000 });
  const out = `${r.stdout ?? ""}${r.status === 0 ? "" : `\n(bench:codec exited ${String(r.status ?? r.signal)}: ${(r.stderr ?? "").trim().split("\n").pop() ?? ""})`}`;
  process.stdout.write(out + "\n");
  return { output: out.trim(), ok: r.status === 0 };
}

const writeReadme = !quick && process.env["BENCH_WRITE_README"] !== "0";
const resultsDir = fileURLToPath(new URL("./results/", import.meta.url));
// Charts are staged and land in bench/results/ only together with the README tables of the same run.
const stagedResults = writeReadme ? `${mkdtempSync(join(tmpdir(), "rxwire-bench-results-"))}/` : undefined;
if (stagedResults !== undefined) process.env["BENCH_RESULTS_DIR"] = stagedResults;

const started = Date.now();
const sections: [string, () => Promise<unknown>][] = [
  ["receive", runReceiveBench],
  ["send", runSendBench],
  ["idle memory", runIdleMemoryBench],
  ["reconnect storm", runReconnectStormBench],
  ["dead peer", runDeadPeerBench],
  ["bundle size", runBundleSize],
];
const failures: string[] = [];
for (const [name, run] of sections) {
  try {
    await run();
  } catch (error) {
    failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.stdout.write(`### ${name}\n\n  FAILED: ${failures[failures.length - 1] ?? ""}\n\n`);
  }
}
const codec = runCodecBench();
if (!codec.ok) failures.push("bench:codec exited non-zero");
const machine = await machineLine();
const seconds = Math.round((Date.now() - started) / 1000);
process.stdout.write(`bench finished in ${seconds} s on ${machine}${quick ? " (BENCH_QUICK)" : ""}\n`);

// A README with a section missing (or the codec's error for its output) would pass for a full run: keep the last good one.
if (writeReadme && failures.length > 0) {
  process.stdout.write(`bench/README.md not updated, ${failures.length} failed: ${failures.join("; ")}\n`);
} else if (writeReadme) {
  const readme = readFileSync(readmePath, "utf8");
  const body = [
    startMarker,
    `Latest full run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${seconds} s, on ${machine}.`,
    "",
    ...printedTables.flatMap((t) => [t, ""]),
    "### Codec (`npm run bench:codec`)",
    "",
    "```",
    codec.output,
    "```",
    "",
    "![Reconnect storm: attempts per 100 ms](results/reconnect-storm.png)",
    "",
    endMarker,
  ].join("\n");
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  const next = start >= 0 && end > start ? readme.slice(0, start) + body + readme.slice(end + endMarker.length) : `${readme.trimEnd()}\n\n${body}\n`;
  writeFileSync(readmePath, next);
  for (const file of stagedResults === undefined ? [] : readdirSync(stagedResults)) copyFileSync(`${stagedResults}${file}`, `${resultsDir}${file}`);
  process.stdout.write("bench/README.md and bench/results/ updated\n");
}
if (failures.length > 0) process.exitCode = 1;
