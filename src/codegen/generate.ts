/**
 * The pure entry point of rxwire-gen: .proto sources in, generated files out.
 * The CLI and the tests both call {@link generate}.
 *
 * @module
 */
import { CodegenError } from "../errors.js";
import { loadSchema, type ProtoResolver } from "./load.js";
import { buildModel } from "./model.js";
import { emitFile } from "./emit-file.js";
import { outputPath } from "./names.js";
import type { Int64Mode } from "./scalars.js";

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Representation of int64-family fields. @default "bigint" */
  int64?: Int64Mode;
  /** Module specifier of the runtime; relative specifiers are relative to the output directory. @default "rxwire/wire" */
  runtime?: string;
}

/** One output file. */
export interface GeneratedFile {
  /** Path relative to the output directory, e.g. `rxwire/control_pb.ts`. */
  path: string;
  /** Full text. */
  content: string;
}

/** Default runtime module specifier of generated code. */
export const DEFAULT_RUNTIME = "rxwire/wire";

/**
 * Generates TypeScript for `entries` (import paths, e.g. `switches.proto`) and
 * every file they import, reading sources through `resolve`. Output is sorted
 * by path and byte-for-byte deterministic.
 * @throws CodegenError on bad input.
 */
export function generate(entries: readonly string[], resolve: ProtoResolver, options: GenerateOptions = {}): GeneratedFile[] {
  const int64 = options.int64 ?? "bigint";
  if (int64 !== "bigint" && int64 !== "number" && int64 !== "string") {
    throw new CodegenError(`--int64 must be bigint, number or string (got ${JSON.stringify(int64)})`);
  }
  const runtime = options.runtime ?? DEFAULT_RUNTIME;
  const schema = loadSchema(entries, resolve);
  return buildModel(schema)
    .map((file) => {
      const path = outputPath(file.name);
      return { path, content: emitFile(file, path, { int64, runtime }) };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
