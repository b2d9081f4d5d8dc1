/**
 * How benchmark children run: each child script is bundled once per bench run
 * with esbuild (our TypeScript compiled to one ESM file, packages from
 * node_modules left as imports) and started with plain `node`, as an app
 * would ship it. Running through tsx instead cost every contender a loader
 * thread and ~250 ns/message of noise, and cost the TypeScript contenders
 * (rxwire and the adapters) more than the plain-JS ones. `BENCH_TSX=1` brings
 * the tsx way back for debugging.
 *
 * Bundles land in `bench/out/` (git-ignored), one directory level below
 * `bench/` like the sources, so `new URL("../x", import.meta.url)` in bench
 * modules still points where it did.
 *
 * @module
 */
import { buildSync } from "esbuild";
import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const outDir = fileURLToPath(new URL("../out/", import.meta.url));
const built = new Map<string, string>();

/** Path of the bundled `script` (built on first use in this process). */
export function compiledScript(script: string): string {
  const cached = built.get(script);
  if (cached !== undefined) return cached;
  const outfile = `${outDir}${basename(dirname(script))}-${basename(script).replace(/\.ts$/, "")}.mjs`;
  buildSync({
    entryPoints: [script],
    bundle: true,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node.split(".")[0] ?? "20"}`,
    packages: "external",
    outfile,
    logLevel: "error",
  });
  built.set(script, outfile);
  return outfile;
}

/** Node arguments that run `script`: the bundle, or `--import tsx script` when `BENCH_TSX=1`. */
export function scriptArgs(script: string): string[] {
  return process.env["BENCH_TSX"] === "1" ? ["--import", "tsx", script] : [compiledScript(script)];
}
