/**
 * Naming rules of rxwire-gen: field casing, TypeScript-safe type names, and
 * output file paths.
 *
 * @module
 */

/**
 * The property name of a field or oneof: lowerCamelCase as protoc's ToJsonName
 * does it (drop each underscore and upper-case the letter after it:
 * `sent_at_ms` → `sentAtMs`), kept a valid identifier: when that leaves
 * nothing or a leading digit, `_` goes in front (`_1` → `_1`, not `1`;
 * `_` → `_`). Names that come out as identifiers are never prefixed.
 */
export function lowerCamel(protoName: string): string {
  let out = "";
  let upper = false;
  for (const ch of protoName) {
    if (ch === "_") {
      upper = true;
    } else {
      out += upper ? ch.toUpperCase() : ch;
      upper = false;
    }
  }
  return out === "" || /^[0-9]/.test(out) ? `_${out}` : out;
}

/**
 * Identifiers a generated type may not take: keywords, names strict mode
 * forbids as bindings (`eval`, `arguments`), type operators that cannot name a
 * type (`keyof`, `readonly`, `unique`, `infer`), and globals generated code
 * uses. test/codegen-names.test.ts typechecks a message and an enum named
 * after every reserved and contextual keyword.
 */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements " +
    "interface package private protected public await any boolean number string symbol bigint object never unknown undefined " +
    "type as of Partial Uint8Array Object Array Number String Boolean BigInt Symbol NaN Infinity " +
    "eval arguments keyof readonly unique infer"
  ).split(" "),
);

/**
 * TypeScript name of a message or enum: nested names joined with `_`
 * (`Outer.Inner` → `Outer_Inner`), with `$` appended to reserved words.
 */
export function typeScriptName(fullName: string, packageName: string): string {
  const local = packageName === "" ? fullName : fullName.slice(packageName.length + 1);
  const name = local.split(".").join("_");
  return RESERVED.has(name) ? `${name}$` : name;
}

/** `rxwire/control.proto` → `rxwire/control_pb.ts`. */
export function outputPath(protoFile: string): string {
  return protoFile.replace(/\.proto$/, "") + "_pb.ts";
}

/** Import specifier from generated file `from` to generated file `to` (both output paths). */
export function relativeImport(from: string, to: string): string {
  const fromParts = from.split("/").slice(0, -1);
  const toParts = to.replace(/\.ts$/, ".js").split("/");
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common++;
  const up = fromParts.length - common;
  const rest = toParts.slice(common).join("/");
  return up === 0 ? `./${rest}` : `${"../".repeat(up)}${rest}`;
}

/**
 * The runtime module specifier as seen from `file`: a bare specifier stays as
 * is; a relative one is taken relative to the output directory and re-rooted
 * for files in subfolders.
 */
export function runtimeSpecifier(runtime: string, file: string): string {
  if (!runtime.startsWith("./") && !runtime.startsWith("../")) return runtime;
  const depth = file.split("/").length - 1;
  if (depth === 0) return runtime;
  const trimmed = runtime.startsWith("./") ? runtime.slice(2) : runtime;
  return "../".repeat(depth) + trimmed;
}
