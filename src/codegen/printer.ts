/**
 * Text output for one generated file: indented lines, JSDoc blocks, and an
 * import table that assigns collision-free local names to types from other
 * generated files.
 *
 * @module
 */
import type { TypeRef } from "./model.js";
import { outputPath, relativeImport } from "./names.js";

/** Accumulates lines of TypeScript with two-space indentation. */
export class Printer {
  private readonly lines: string[] = [];
  private depth: number;

  /** `depth` is the starting indentation level. */
  constructor(depth = 0) {
    this.depth = depth;
  }

  /** Appends lines printed elsewhere, as they are. */
  append(other: Printer): void {
    this.lines.push(...other.lines);
  }

  /** Appends one line (or a blank line when called without text). */
  line(text = ""): void {
    this.lines.push(text === "" ? "" : "  ".repeat(this.depth) + text);
  }

  /** Appends `open`, runs `body` indented, then appends `close`. */
  block(open: string, body: () => void, close = "}"): void {
    this.line(open);
    this.depth++;
    body();
    this.depth--;
    this.line(close);
  }

  /** Appends a JSDoc block; empty lines in `text` are kept, `*\/` is escaped. */
  doc(text: readonly (string | undefined)[]): void {
    const body = text
      .filter((t): t is string => t !== undefined)
      .join("\n")
      .replace(/\*\//g, "*\\/")
      .split("\n");
    while (body.length > 0 && body[body.length - 1]?.trim() === "") body.pop();
    if (body.length === 0) return;
    this.line("/**");
    for (const l of body) this.line(l.trim() === "" ? " *" : ` * ${l.trimEnd()}`);
    this.line(" */");
  }

  /** The text so far, newline-terminated. */
  toString(): string {
    return this.lines.join("\n") + "\n";
  }
}

/** Tracks which names a generated file imports, from where, under which local alias. */
export class ImportTable {
  private readonly file: string;
  private readonly taken: Set<string>;
  private readonly aliases = new Map<string, string>();
  private readonly used = new Map<string, Map<string, string>>();

  /** `localNames` are the top-level names declared by the file itself. */
  constructor(file: string, localNames: Iterable<string>) {
    this.file = file;
    this.taken = new Set(localNames);
  }

  /** Fixes aliases for `refs` up front, in a stable order, so output is deterministic. */
  plan(refs: Iterable<TypeRef>): void {
    const sorted = [...refs].filter((r) => r.file !== this.file).sort((a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0));
    for (const ref of sorted) {
      if (this.aliases.has(ref.fullName)) continue;
      let alias = ref.tsName;
      if (this.taken.has(alias)) alias = `${ref.packageName.replace(/\./g, "_")}_${ref.tsName}`;
      for (let i = 2; this.taken.has(alias); i++) alias = `${ref.packageName.replace(/\./g, "_")}_${ref.tsName}${i}`;
      this.taken.add(alias);
      this.aliases.set(ref.fullName, alias);
    }
  }

  /** Local name of `ref` (+ `suffix`, e.g. `$decode`), recording the import when it lives elsewhere. */
  use(ref: TypeRef, suffix = ""): string {
    if (ref.file === this.file) return ref.tsName + suffix;
    const alias = this.aliases.get(ref.fullName);
    if (alias === undefined) throw new Error(`internal: unplanned import of ${ref.fullName}`);
    const specifier = relativeImport(outputPath(this.file), outputPath(ref.file));
    let names = this.used.get(specifier);
    if (names === undefined) this.used.set(specifier, (names = new Map()));
    names.set(ref.tsName + suffix, alias + suffix);
    return alias + suffix;
  }

  /** Import statements for generated files, sorted by specifier and name. */
  statements(): string[] {
    return [...this.used.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([specifier, names]) => {
        const list = [...names.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([name, alias]) => (name === alias ? name : `${name} as ${alias}`));
        return `import { ${list.join(", ")} } from "${specifier}";`;
      });
  }
}
