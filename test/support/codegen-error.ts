/** Test helper: the CodegenError `fn` throws (fails the test when it throws anything else or nothing). */
import { expect } from "vitest";
import { CodegenError } from "../../src/errors.js";

/** Runs `fn`, expects it to throw a CodegenError, and returns that error. */
export function codegenError(fn: () => unknown): CodegenError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CodegenError);
    return error as CodegenError;
  }
  throw new Error("expected a CodegenError");
}
