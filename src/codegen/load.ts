/**
 * Stage 1 of rxwire-gen: read .proto sources (through an injected resolver, so
 * tests need no file system), parse them with protobufjs's parser, follow
 * imports, and resolve every type reference. Well-known types not found by the
 * resolver come from the definitions protobufjs ships.
 *
 * @module
 */
import protobuf from "protobufjs";
import { CodegenError } from "../errors.js";
import { lineColumnOf, SourceLocator } from "./locate.js";

/** Returns the source text of a .proto import path, or undefined when absent. */
export type ProtoResolver = (importPath: string) => string | undefined;

/** One parsed .proto file. */
export interface LoadedFile {
  /** Import path of the file, e.g. `rxwire/control.proto`. */
  name: string;
  /** Protobuf package, "" when none. */
  packageName: string;
  /** Import paths this file imports. */
  imports: string[];
  /** Fully qualified names (no leading dot) of the messages and enums it defines. */
  definitions: string[];
  /** The .proto text, for locating declarations in diagnostics; undefined for built-in well-known types. */
  source: string | undefined;
}

/** Every file reachable from the entry files, plus one Root with all of them resolved. */
export interface LoadedSchema {
  /** Files in a stable order (sorted by name). */
  files: LoadedFile[];
  /** The combined, resolved protobufjs Root. */
  root: protobuf.Root;
  /** Fully qualified type name → name of the file defining it. */
  fileOf: Map<string, string>;
}

const PARSE_OPTIONS = { keepCase: true, alternateCommentMode: true } as const;

/**
 * Parses `entries` and everything they import.
 * @throws CodegenError on syntax errors, proto2/editions files, missing imports and unresolved types.
 */
export function loadSchema(entries: readonly string[], resolve: ProtoResolver): LoadedSchema {
  const root = new protobuf.Root();
  const files = new Map<string, LoadedFile>();
  const fileOf = new Map<string, string>();
  const pending: { name: string; importedBy?: { file: string; source: string } }[] = [...entries].sort().map((name) => ({ name }));

  while (pending.length > 0) {
    const next = pending.shift();
    if (next === undefined) break;
    const { name, importedBy } = next;
    if (files.has(name)) continue;
    const source = resolve(name);
    let own: protobuf.Root;
    let packageName: string;
    let imports: string[];
    if (source === undefined) {
      const common = (protobuf.common as unknown as Record<string, protobuf.INamespace | undefined>)[name];
      if (common === undefined || typeof common !== "object") {
        throw new CodegenError(`import "${name}" was not found`, {
          location: importedBy === undefined ? { file: name } : { file: importedBy.file, ...importLine(importedBy.source, name) },
        });
      }
      own = new protobuf.Root();
      own.addJSON(common.nested ?? {});
      // addJSON, not Root.fromJSON: the latter resolves the whole root at once,
      // before the files that import this one have been added.
      root.addJSON(common.nested ?? {});
      packageName = "google.protobuf";
      imports = [];
    } else {
      checkSyntax(name, source);
      const parsed = parseOrThrow(name, source, new protobuf.Root());
      own = parsed.root;
      packageName = parsed.package ?? "";
      checkProtoNames(name, source, packageName);
      imports = [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])];
      try {
        protobuf.parse(source, root, PARSE_OPTIONS);
      } catch (cause) {
        throw new CodegenError(cause instanceof Error ? cause.message : String(cause), { location: { file: name }, cause });
      }
    }
    const definitions: string[] = [];
    collectDefinitions(own, definitions);
    for (const def of definitions) {
      const previous = fileOf.get(def);
      if (previous !== undefined && previous !== name) {
        throw new CodegenError(`"${def}" is already defined in ${previous}`, { location: { file: name } });
      }
      fileOf.set(def, name);
    }
    files.set(name, { name, packageName, imports, definitions: definitions.sort(), source });
    for (const imported of imports) {
      if (!files.has(imported)) pending.push({ name: imported, importedBy: { file: name, source: source ?? "" } });
    }
  }

  try {
    root.resolveAll();
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new CodegenError(`unresolved reference: ${message}`, { cause });
  }
  return { files: [...files.values()].sort((a, b) => compare(a.name, b.name)), root, fileOf };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function collectDefinitions(ns: protobuf.NamespaceBase, out: string[]): void {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type || nested instanceof protobuf.Enum) out.push(nested.fullName.slice(1));
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) collectDefinitions(nested, out);
  }
}

/** Blanks out comments and string contents, keeping offsets, so regexes see only code. */
function codeOnly(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) => m.replace(/[^\n]/g, " "));
}

function checkSyntax(file: string, source: string): void {
  const code = codeOnly(source);
  const syntax = /\bsyntax\s*=\s*(["'])([^"']*)\1/.exec(code);
  const edition = /\bedition\s*=\s*(["'])([^"']*)\1/.exec(code);
  if (edition !== null) {
    throw new CodegenError(`editions ("${edition[2]}") are not supported by rxwire-gen; use syntax = "proto3"`, {
      location: { file, ...lineColumnOf(source, edition.index) },
    });
  }
  if (syntax === null) {
    throw new CodegenError(`no syntax statement, so the file is proto2, which rxwire-gen does not support; add syntax = "proto3";`, {
      location: { file, line: 1, column: 1 },
    });
  }
  if (syntax[2] !== "proto3") {
    throw new CodegenError(`syntax "${syntax[2]}" is not supported by rxwire-gen; only proto3 is`, {
      location: { file, ...lineColumnOf(source, syntax.index) },
    });
  }
}

/**
 * protobufjs drops every declaration named `__proto__` without a word (its
 * reflection keeps them in plain objects), and as a property of a generated
 * object or enum the name would hit Object.prototype's setter instead.
 */
function checkProtoNames(file: string, source: string, packageName: string): void {
  const found = new SourceLocator(file, source).firstProtoName(packageName);
  if (found === undefined) return;
  throw new CodegenError(`${found.what}: __proto__ cannot be used as a name (protobufjs drops it, and a JavaScript object cannot hold it as an own property); rename it`, {
    location: found.location,
  });
}

function parseOrThrow(file: string, source: string, into: protobuf.Root): protobuf.IParserResult {
  try {
    return protobuf.parse(source, into, PARSE_OPTIONS);
  } catch (cause) {
    const raw = cause instanceof Error ? cause.message : String(cause);
    const lineMatch = /line (\d+)\)/.exec(raw);
    const line = lineMatch === null ? undefined : Number(lineMatch[1]);
    const message = raw.replace(/\s*\((?:[^()]*, )?line \d+\)$/, "");
    const tokenMatch = /^illegal [\w ]+ '(.*)'$/.exec(message);
    const column = line === undefined ? undefined : columnOf(source, line, tokenMatch?.[1]);
    throw new CodegenError(`syntax error: ${message}`, {
      location: line === undefined ? { file } : { file, line, column },
      cause,
    });
  }
}

/** protobufjs reports only a line; find the offending token on it for a column. */
function columnOf(source: string, line: number, token: string | undefined): number {
  const lines = codeOnly(source).split("\n");
  const text = lines[line - 1] ?? "";
  if (token !== undefined && token !== "null" && token !== "") {
    const at = text.indexOf(token);
    if (at >= 0) return at + 1;
  }
  const firstNonBlank = text.search(/\S/);
  return firstNonBlank >= 0 ? firstNonBlank + 1 : 1;
}

function importLine(source: string, importPath: string): { line?: number; column?: number } {
  const code = codeOnly(source);
  const escaped = importPath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`\\bimport\\s+(?:public\\s+|weak\\s+)?["']${escaped}["']`).exec(code);
  return match === null ? {} : lineColumnOf(source, match.index);
}
