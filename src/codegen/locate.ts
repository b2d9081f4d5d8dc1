/**
 * Source positions for diagnostics about declarations. protobufjs's reflection
 * keeps no line numbers, so this scans a .proto's text once for where each
 * message and enum is named and where each of their fields and values is.
 *
 * @module
 */
import type { SourceLocation } from "../errors.js";

/** 1-based line and column of `offset` in `source`. */
export function lineColumnOf(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  return { line, column };
}

/** Finds the declarations of one .proto file by their names. */
export class SourceLocator {
  private readonly file: string;
  private readonly source: string;
  /** `Outer.Inner` (package-relative) → offset of the type's name. */
  private readonly types = new Map<string, number>();
  /** `Outer.Inner#member` → offset of the field's or enum value's name. */
  private readonly members = new Map<string, number>();
  /** Declarations named `__proto__`, in source order. */
  private readonly protoNames: { what: string; offset: number }[] = [];

  /** `source` undefined (a built-in well-known type): locations carry the file only. */
  constructor(file: string, source: string | undefined) {
    this.file = file;
    this.source = source ?? "";
    if (source !== undefined) this.scan(source);
  }

  /** Where message or enum `localName` (without the package, e.g. `Outer.Inner`) is declared. */
  type(localName: string): SourceLocation {
    return this.at(this.types.get(localName));
  }

  /** Where field or enum value `member` of the message or enum `localName` is declared (else the type). */
  member(localName: string, member: string): SourceLocation {
    return this.at(this.members.get(`${localName}#${member}`) ?? this.types.get(localName));
  }

  /**
   * The first declaration named `__proto__` (message, enum, oneof, field or
   * enum value), described as `enum value pkg.E.__proto__`, with its location.
   */
  firstProtoName(packageName: string): { what: string; location: SourceLocation } | undefined {
    const first = this.protoNames[0];
    if (first === undefined) return undefined;
    return { what: first.what.replace("$", packageName === "" ? "" : `${packageName}.`), location: this.at(first.offset) };
  }

  /** Offset of a type's declaration, for ordering (Infinity when unknown). */
  offsetOf(localName: string): number {
    return this.types.get(localName) ?? Infinity;
  }

  private at(offset: number | undefined): SourceLocation {
    return offset === undefined ? { file: this.file } : { file: this.file, ...lineColumnOf(this.source, offset) };
  }

  private scan(source: string): void {
    const tokens: { text: string; at: number }[] = [];
    const pattern = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|([A-Za-z_][\w.]*|-?\d[\w.]*|\S)/g;
    for (const match of source.matchAll(pattern)) {
      if (match[1] !== undefined) tokens.push({ text: match[1], at: match.index });
      else if (match[0].startsWith('"') || match[0].startsWith("'")) tokens.push({ text: '""', at: match.index });
    }
    // Each open brace: the type its members belong to (path undefined for options, services, extends).
    type Scope = { path: string | undefined; typePath: string; kind: "message" | "enum" | undefined };
    const scopes: Scope[] = [{ path: undefined, typePath: "", kind: undefined }];
    let brackets = 0;
    let statementStart = 0;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]?.text ?? "";
      const at = tokens[i]?.at ?? 0;
      const scope = scopes[scopes.length - 1] ?? { path: undefined, typePath: "", kind: undefined };
      if (token === "[") brackets++;
      else if (token === "]") brackets = Math.max(0, brackets - 1);
      else if (brackets > 0) continue;
      else if (token === ";") statementStart = i + 1;
      else if (token === "}") {
        if (scopes.length > 1) scopes.pop();
        statementStart = i + 1;
      } else if (token === "{") {
        const keyword = i - 2 === statementStart ? tokens[i - 2]?.text : undefined;
        const name = tokens[i - 1]?.text ?? "";
        const nameAt = tokens[i - 1]?.at ?? 0;
        if (keyword === "message" || keyword === "enum") {
          const path = scope.typePath === "" ? name : `${scope.typePath}.${name}`;
          if (!this.types.has(path)) this.types.set(path, nameAt);
          if (name === "__proto__") this.protoNames.push({ what: `${keyword} $${path}`, offset: nameAt });
          scopes.push({ path, typePath: path, kind: keyword });
        } else if (keyword === "oneof") {
          if (name === "__proto__") this.protoNames.push({ what: `oneof $${scope.typePath}.${name}`, offset: nameAt });
          scopes.push(scope);
        } else {
          scopes.push({ path: undefined, typePath: scope.typePath, kind: undefined });
        }
        statementStart = i + 1;
      } else if (tokens[i + 1]?.text === "=" && scope.path !== undefined && tokens[statementStart]?.text !== "option" && /^[A-Za-z_]\w*$/.test(token)) {
        const key = `${scope.path}#${token}`;
        if (!this.members.has(key)) this.members.set(key, at);
        if (token === "__proto__") this.protoNames.push({ what: `${scope.kind === "enum" ? "enum value" : "field"} $${scope.path}.${token}`, offset: at });
      }
    }
  }
}
