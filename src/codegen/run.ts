/**
 * The file-system side of rxwire-gen: collect inputs, generate, then write the
 * output folder or (with `--check`) diff against it. Returns an exit code;
 * `cli.ts` only wires it to `process`.
 *
 * @module
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CodegenError } from "../errors.js";
import { generate, type GeneratedFile } from "./generate.js";
import { protoFileOfHeader } from "./emit-file.js";
import { outputPath } from "./names.js";
import { parseCliArgs, USAGE } from "./options.js";
import { GENERATOR_VERSION } from "./version.js";

/** Where {@link runCli} writes its messages. */
export interface CliIo {
  /** Normal output. */
  stdout(text: string): void;
  /** Diagnostics. */
  stderr(text: string): void;
  /** Folder relative paths are resolved against. */
  cwd: string;
}

/** Runs rxwire-gen with `args`; returns the process exit code (0 ok, 1 error or stale). */
export function runCli(args: readonly string[], io: CliIo): number {
  try {
    const options = parseCliArgs(args);
    if (options.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (options.version) {
      io.stdout(`rxwire-gen v${GENERATOR_VERSION}\n`);
      return 0;
    }
    const { entries, roots } = collectInputs(options.inputs, io.cwd);
    const protoPaths = options.protoPaths.map((p) => {
      const abs = path.resolve(io.cwd, p);
      // A mistyped -I would otherwise surface later as a confusing "import not found".
      if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new CodegenError(`proto path not found (not a folder): ${p}`);
      return abs;
    });
    const searchRoots = [...roots, ...protoPaths];
    const diskPathOf = new Map<string, string>();
    const resolve = (importPath: string): string | undefined => {
      for (const root of searchRoots) {
        const candidate = path.join(root, importPath);
        if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
          diskPathOf.set(importPath, path.relative(io.cwd, candidate));
          return fs.readFileSync(candidate, "utf8");
        }
      }
      return undefined;
    };
    let files: GeneratedFile[];
    try {
      files = generate(entries, resolve, { int64: options.int64, runtime: options.runtime });
    } catch (error) {
      if (error instanceof CodegenError && error.location !== undefined) {
        const { file, line, column } = error.location;
        const shown = diskPathOf.get(file) ?? file;
        io.stderr(`${shown}${line === undefined ? "" : `:${line}`}${line !== undefined && column !== undefined ? `:${column}` : ""}: error: ${error.detail}\n`);
        return 1;
      }
      throw error;
    }
    const outDir = path.resolve(io.cwd, options.out);
    if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw new CodegenError(`--out is not a folder: ${options.out}`);
    return options.check ? check(files, outDir, options.out, io) : write(files, outDir, options.out, io);
  } catch (error) {
    if (error instanceof CodegenError) {
      io.stderr(`rxwire-gen: error: ${error.message}\n`);
      if (error.location === undefined && /option|--/.test(error.message)) io.stderr(USAGE);
      return 1;
    }
    throw error;
  }
}

/** Turns file/folder arguments into import-path entries plus their search roots. */
function collectInputs(inputs: readonly string[], cwd: string): { entries: string[]; roots: string[] } {
  const entries: string[] = [];
  const roots: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    if (!fs.existsSync(abs)) throw new CodegenError(`input not found: ${input}`);
    if (fs.statSync(abs).isDirectory()) {
      roots.push(abs);
      for (const file of listProtos(abs)) entries.push(path.relative(abs, file).split(path.sep).join("/"));
    } else {
      if (!abs.endsWith(".proto")) throw new CodegenError(`not a .proto file: ${input}`);
      roots.push(path.dirname(abs));
      entries.push(path.basename(abs));
    }
  }
  if (entries.length === 0) throw new CodegenError(`no .proto files found in ${inputs.join(", ")}`);
  return { entries: [...new Set(entries)].sort(), roots: [...new Set(roots)] };
}

function listProtos(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listProtos(full));
    else if (entry.name.endsWith(".proto")) out.push(full);
  }
  return out;
}

/** The .proto import path a generated file's header names, or `undefined` when `file` is not one (or unreadable). */
function generatedFrom(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, "r");
    const head = Buffer.alloc(1024);
    const length = fs.readSync(fd, head, 0, head.length, 0);
    const firstLine = head.toString("utf8", 0, length).split("\n", 1)[0] ?? "";
    return protoFileOfHeader(firstLine);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Files in `outDir` that an earlier run wrote *to this folder*: a rxwire-gen
 * header naming a .proto whose output path is exactly the file's place here.
 * A generated file elsewhere under it (another run's `--out` nested inside this
 * one, e.g. `--out src/gen` next to `--out src/gen/vendor`) does not match its
 * place and is never counted, so never deleted.
 */
function existingGenerated(outDir: string): string[] {
  if (!fs.existsSync(outDir)) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith("_pb.ts")) {
        const relative = path.relative(outDir, full).split(path.sep).join("/");
        const source = generatedFrom(full);
        if (source !== undefined && outputPath(source) === relative) out.push(relative);
      }
    }
  };
  walk(outDir);
  return out.sort();
}

/** Removes `dir` and its parents up to (not including) `outDir` while they are empty. */
function removeEmptyFolders(dir: string, outDir: string): void {
  for (let current = dir; current !== outDir && current.startsWith(outDir + path.sep); current = path.dirname(current)) {
    if (fs.readdirSync(current).length > 0) return;
    fs.rmdirSync(current);
  }
}

function write(files: readonly GeneratedFile[], outDir: string, shownOut: string, io: CliIo): number {
  let written = 0;
  for (const file of files) {
    const target = path.join(outDir, file.path);
    if (fs.existsSync(target) && fs.readFileSync(target, "utf8") === file.content) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
    written++;
  }
  const wanted = new Set(files.map((f) => f.path));
  let removed = 0;
  for (const stale of existingGenerated(outDir)) {
    if (!wanted.has(stale)) {
      const target = path.join(outDir, stale);
      fs.rmSync(target);
      removeEmptyFolders(path.dirname(target), outDir);
      removed++;
    }
  }
  io.stdout(`rxwire-gen: ${files.length} files in ${shownOut} (${written} written, ${removed} removed)\n`);
  return 0;
}

function check(files: readonly GeneratedFile[], outDir: string, shownOut: string, io: CliIo): number {
  const problems: string[] = [];
  const wanted = new Set(files.map((f) => f.path));
  for (const file of files) {
    const target = path.join(outDir, file.path);
    if (!fs.existsSync(target)) {
      problems.push(`  missing  ${shownOut}/${file.path}`);
      continue;
    }
    const current = fs.readFileSync(target, "utf8");
    if (current !== file.content) problems.push(`  changed  ${shownOut}/${file.path} (${lineDiffSummary(current, file.content)})`);
  }
  for (const stale of existingGenerated(outDir)) {
    if (!wanted.has(stale)) problems.push(`  stale    ${shownOut}/${stale} (no longer generated)`);
  }
  if (problems.length === 0) {
    io.stdout(`rxwire-gen: ${shownOut} is up to date (${files.length} files)\n`);
    return 0;
  }
  io.stderr(`rxwire-gen: ${shownOut} is out of date; run \`npm run gen\`:\n${problems.join("\n")}\n`);
  return 1;
}

/** "+a -b lines, first difference at line n": enough to see what drifted. */
function lineDiffSummary(before: string, after: string): string {
  const a = before.split("\n");
  const b = after.split("\n");
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first++;
  const count = (lines: string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const l of lines) m.set(l, (m.get(l) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  const cb = count(b);
  let added = 0;
  let removed = 0;
  for (const [l, n] of cb) added += Math.max(0, n - (ca.get(l) ?? 0));
  for (const [l, n] of ca) removed += Math.max(0, n - (cb.get(l) ?? 0));
  return `+${added} -${removed} lines, first difference at line ${first + 1}`;
}
