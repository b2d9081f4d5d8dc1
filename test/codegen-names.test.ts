/**
 * rxwire-gen on names protobufjs accepts but TypeScript or JavaScript would
 * not: the output either typechecks (under the strict options generated/ is
 * held to) or the generator refuses with a CodegenError naming the proto
 * elements, never exit 0 with code that does not compile.
 */
import { describe, expect, it } from "vitest";
import * as vm from "node:vm";
import ts from "typescript";
import { codegenError } from "./support/codegen-error.js";
import { generate, type GeneratedFile } from "../src/codegen/generate.js";
import { lowerCamel } from "../src/codegen/names.js";
import { TYPECHECK_RUNTIME, typecheckGenerated } from "./support/typecheck-generated.js";

function gen(files: Record<string, string>): GeneratedFile[] {
  return generate(Object.keys(files), (name) => files[name], { runtime: TYPECHECK_RUNTIME });
}

describe("field and oneof property names", () => {
  it("should prefix _ when the lowerCamel form is empty or starts with a digit, and the output should compile", () => {
    const files = gen({ "u.proto": `syntax = "proto3"; package a; message U { int32 _1 = 1; int32 _ = 2; int32 x_2 = 3; oneof _9 { int32 __3 = 4; string b = 5; } }` });
    const content = files[0]?.content ?? "";
    expect(content).toContain("  _1: number;");
    expect(content).toContain("  _: number;");
    expect(content).toContain("  x2: number;");
    expect(content).toContain(`  _9?:\n    | { case: "_3"; value: number }`);
    expect(typecheckGenerated(files)).toEqual([]);
  });

  it("should leave names that are already identifiers as protoc's json_name has them", () => {
    expect(lowerCamel("_1")).toBe("_1");
    expect(lowerCamel("_")).toBe("_");
    expect(lowerCamel("__")).toBe("_");
    expect(lowerCamel("a_1")).toBe("a1");
    expect(lowerCamel("_a")).toBe("A");
    expect(lowerCamel("x_2_y")).toBe("x2Y");
  });

  it("should refuse two fields whose prefixed names collide", () => {
    const e = codegenError(() => gen({ "d.proto": `syntax = "proto3"; message D { int32 _1 = 1; int32 __1 = 2; }` }));
    expect(e.message).toMatch(/property name "_1"/);
    const empty = codegenError(() => gen({ "d.proto": `syntax = "proto3"; message D { int32 _ = 1; int32 __ = 2; }` }));
    expect(empty.message).toMatch(/property name "_"/);
  });
});

/** Every ECMAScript reserved word, strict-mode reserved word and restricted name, and TypeScript contextual keyword. */
const KEYWORDS = (
  // ECMAScript reserved words
  "await break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
  "import in instanceof new null return super switch this throw true try typeof var void while with yield " +
  // reserved in strict mode, and the names strict mode does not let a binding take
  "implements interface let package private protected public static eval arguments " +
  // TypeScript contextual keywords and built-in type names
  "abstract accessor any as assert asserts async bigint boolean constructor declare from get global infer intrinsic is keyof " +
  "module namespace never number object of out override readonly require satisfies set string symbol type undefined unique unknown using " +
  // globals and Object.prototype members
  "NaN Infinity globalThis Object Array Number String Boolean BigInt Symbol Uint8Array Partial Promise Error Map Set __proto__ prototype toString hasOwnProperty valueOf"
).split(" ");

/** Parses transpiled output as a strict-mode script, which TypeScript alone does not (it accepts `enum eval {}`). */
function strictModeSyntaxErrors(files: readonly GeneratedFile[]): string[] {
  const errors: string[] = [];
  for (const file of files) {
    const js = ts.transpileModule(file.content, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    try {
      new vm.Script(`"use strict";\n${js}`, { filename: file.path });
    } catch (error) {
      errors.push(`${file.path}: ${String(error)}`);
    }
  }
  return errors;
}

describe("keywords as proto names", () => {
  it("should generate compiling code for a message and an enum named after each keyword, with $ appended where needed", () => {
    // __proto__ is refused (see "__proto__ as a proto name" below).
    const names = KEYWORDS.filter((k) => k !== "__proto__");
    const ref = (pkg: string) => (k: string, i: number) => `.${pkg}.${k} f${i} = ${i + 1};`;
    const files = gen({
      "m.proto": [
        `syntax = "proto3"; package m;`,
        ...names.map((k) => `message ${k} { int32 x = 1; .m.${k} self = 2; oneof o { .m.${k} c = 3; } map<string, .m.${k}> mm = 4; repeated .m.${k} rr = 5; }`),
        `message Uses { ${names.map(ref("m")).join(" ")} }`,
      ].join("\n"),
      "e.proto": [
        `syntax = "proto3"; package e;`,
        ...names.map((k, i) => `enum ${k} { V${i} = 0; }`),
        `message Uses { ${names.map(ref("e")).join(" ")} oneof o { .e.class c = 1000; } map<string, .e.enum> mm = 1001; repeated .e.eval r = 1002; }`,
      ].join("\n"),
      "x.proto": `syntax = "proto3"; package x; import "m.proto"; import "e.proto"; message X { ${names.map((k, i) => `.m.${k} m${i} = ${2 * i + 1}; .e.${k} e${i} = ${2 * i + 2};`).join(" ")} }`,
    });
    expect(typecheckGenerated(files)).toEqual([]);
    expect(strictModeSyntaxErrors(files)).toEqual([]);
    const m = files.find((f) => f.path === "m_pb.ts")?.content ?? "";
    for (const k of ["eval", "arguments", "keyof", "readonly", "unique", "infer", "class", "Uint8Array"]) {
      expect(m).toContain(`export interface ${k}$ {`);
      expect(files.find((f) => f.path === "e_pb.ts")?.content).toContain(`export enum ${k}$ {`);
    }
    expect(m).toContain("export interface satisfies {");
  }, 60_000);

  it("should generate compiling code for fields, oneofs, oneof cases and enum values named after each keyword", () => {
    const names = KEYWORDS.filter((k) => k !== "__proto__");
    const files = gen({
      "f.proto": [
        `syntax = "proto3"; package f;`,
        `message Fields { ${names.map((k, i) => `int32 ${k} = ${i + 1};`).join(" ")} }`,
        `message Oneofs { ${names.map((k, i) => `oneof ${k} { int32 c${i} = ${i + 1}; }`).join(" ")} }`,
        `message Cases { oneof o { ${names.map((k, i) => `int32 ${k} = ${i + 1};`).join(" ")} } }`,
        `enum Values { ZERO = 0; ${names.map((k, i) => `${k} = ${i + 1};`).join(" ")} }`,
        `message UsesValues { Values v = 1; }`,
      ].join("\n"),
    });
    expect(typecheckGenerated(files)).toEqual([]);
    expect(strictModeSyntaxErrors(files)).toEqual([]);
  }, 60_000);
});

describe("__proto__ as a proto name", () => {
  const REASON = "__proto__ cannot be used as a name (protobufjs drops it, and a JavaScript object cannot hold it as an own property); rename it";

  it("should refuse an enum value named __proto__, naming it with file:line:column", () => {
    // protobufjs drops the value without a word; the generated enum used to lack it.
    const e = codegenError(() => gen({ "p.proto": `syntax = "proto3";\npackage pe;\nenum E { ZERO = 0; __proto__ = 1; constructor = 2; }\nmessage M { E e = 1; }\n` }));
    expect(e.message).toBe(`p.proto:3:20: enum value pe.E.__proto__: ${REASON}`);
    expect(e.location).toEqual({ file: "p.proto", line: 3, column: 20 });
  });

  it("should refuse messages, enums, oneofs and fields named __proto__ the same way", () => {
    const cases: [string, string][] = [
      ["message __proto__ { int32 x = 1; }", "3:9: message a.b.__proto__"],
      ["message M { enum __proto__ { Z = 0; } }", "3:18: enum a.b.M.__proto__"],
      ["message M { int32 __proto__ = 1; }", "3:19: field a.b.M.__proto__"],
      ["message M { oneof __proto__ { int32 y = 2; } }", "3:19: oneof a.b.M.__proto__"],
      ["message M { message N { enum E { Z = 0; __proto__ = 3; } } }", "3:41: enum value a.b.M.N.E.__proto__"],
    ];
    for (const [body, expected] of cases) {
      const e = codegenError(() => gen({ "p.proto": `syntax = "proto3";\npackage a.b;\n${body}\n` }));
      expect(e.message).toBe(`p.proto:${expected}: ${REASON}`);
    }
  });

  it("should still accept __proto__ in comments, strings and longer names", () => {
    const files = gen({ "p.proto": `syntax = "proto3";\n// __proto__ = 1;\nmessage M { int32 __proto__x = 1 [json_name = "__proto__"]; }\nenum E { Z = 0; X__proto__ = 1; }\n` });
    expect(files[0]?.content).toContain("ProtoX: number;");
  });
});
