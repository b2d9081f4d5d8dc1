/**
 * rxwire-gen on names protobufjs accepts but TypeScript or JavaScript would
 * not: the output either typechecks (under the strict options generated/ is
 * held to) or the generator refuses with a CodegenError naming the proto
 * elements, never exit 0 with code that does not compile.
 */
import { describe, expect, it } from "vitest";
import { CodegenError } from "../src/errors.js";
import { generate, type GeneratedFile } from "../src/codegen/generate.js";
import { lowerCamel } from "../src/codegen/names.js";
import { TYPECHECK_RUNTIME, typecheckGenerated } from "./support/typecheck-generated.js";

function gen(files: Record<string, string>): GeneratedFile[] {
  return generate(Object.keys(files), (name) => files[name], { runtime: TYPECHECK_RUNTIME });
}

function codegenError(fn: () => unknown): CodegenError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CodegenError);
    return error as CodegenError;
  }
  throw new Error("expected a CodegenError");
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
