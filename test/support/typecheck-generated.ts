/**
 * Typechecks rxwire-gen output in memory with the TypeScript compiler API,
 * under the strict options the committed generated code is held to
 * (test/fixtures/tsconfig.strict.json), against the real runtime in src/wire.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { GeneratedFile } from "../../src/codegen/generate.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Where the generated files pretend to live; nothing is written there. */
const VIRTUAL_OUT = path.join(repo, ".typecheck-generated");

/** The `runtime` option to generate with so the output resolves src/wire from {@link VIRTUAL_OUT}. */
export const TYPECHECK_RUNTIME = "../src/wire/index.js";

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  noUncheckedIndexedAccess: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
  noImplicitReturns: true,
  noImplicitOverride: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
};

/**
 * Compiles `files` (generated with `runtime: TYPECHECK_RUNTIME`) and returns
 * every diagnostic as `path:line:column: message`; empty when the code is valid.
 */
export function typecheckGenerated(files: readonly GeneratedFile[]): string[] {
  const virtual = new Map(files.map((f) => [path.join(VIRTUAL_OUT, f.path), f.content]));
  const host = ts.createCompilerHost(OPTIONS, true);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  const virtualDirs = new Set([...virtual.keys()].flatMap((name) => {
    const dirs: string[] = [];
    for (let dir = path.dirname(name); dir.startsWith(VIRTUAL_OUT); dir = path.dirname(dir)) dirs.push(dir);
    return dirs;
  }));
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.directoryExists = (name) => virtualDirs.has(name) || (directoryExists?.call(host, name) ?? true);
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(name);
    return text === undefined ? getSourceFile.call(host, name, languageVersion, onError, shouldCreate) : ts.createSourceFile(name, text, languageVersion, true);
  };
  const program = ts.createProgram([...virtual.keys()], OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (d.file === undefined || d.start === undefined) return message;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(VIRTUAL_OUT, d.file.fileName)}:${line + 1}:${character + 1}: ${message}`;
  });
}
