/**
 * Per-scalar code templates: TypeScript type, zero value, wire type, and the
 * runtime calls that size, write and read a value. Every template is a string
 * of straight-line TypeScript for the emitters to splice in.
 *
 * @module
 */
import type { ScalarType } from "./model.js";

/** How 64-bit integers are represented in generated TypeScript. */
export type Int64Mode = "bigint" | "number" | "string";

/** Code templates for one scalar type under one int64 mode. */
export interface ScalarTemplate {
  /** TypeScript type. */
  tsType: string;
  /** Zero value literal. */
  zero: string;
  /** Protobuf wire type. */
  wireType: 0 | 1 | 2 | 5;
  /** Condition under which an implicit-presence value is written. */
  isSet(v: string): string;
  /** Expression: encoded size of the value without tag. Fixed sizes are numeric literals. */
  size(v: string): string;
  /** Statement writing the value without tag. */
  write(v: string): string;
  /** Expression reading one value. */
  read: string;
  /** Fixed encoded size, when the type has one. */
  fixedSize: number | undefined;
}

const REP = { bigint: "Big", number: "Num", string: "Str" } as const;

/** True for the 64-bit integer scalars, whose representation `--int64` and `jstype` choose. */
export function isInt64Scalar(scalar: string): boolean {
  return scalar === "int64" || scalar === "uint64" || scalar === "sint64" || scalar === "fixed64" || scalar === "sfixed64";
}

/** The template for `scalar` when 64-bit values use `mode`. */
export function scalarTemplate(scalar: ScalarType, mode: Int64Mode): ScalarTemplate {
  switch (scalar) {
    case "double":
      return fixed("number", "0", 1, 8, "double", (v) => `(${v} !== 0 || 1 / ${v} < 0)`);
    case "float":
      return fixed("number", "0", 5, 4, "float", (v) => `(${v} !== 0 || 1 / ${v} < 0)`);
    case "fixed32":
      return { ...fixed("number", "0", 5, 4, "fixed32", (v) => `${v} !== 0`), write: (v) => `w.fixed32Field(${v});` };
    case "sfixed32":
      return { ...fixed("number", "0", 5, 4, "sfixed32", (v) => `${v} !== 0`), write: (v) => `w.sfixed32Field(${v});` };
    case "int32":
      return varint("number", "0", "$varintSize32", "int32", (v) => `${v} !== 0`);
    case "uint32": {
      // The size pass sizes `v >>> 0` (never a negative count for a negative
      // number); the write pass refuses any value that is not a uint32.
      const t = varint("number", "0", "$uvarintSize32", "uint32", (v) => `${v} !== 0`);
      return { ...t, size: (v) => `$uvarintSize32(${v} >>> 0)`, write: (v) => `w.uint32Field(${v});` };
    }
    case "sint32":
      return varint("number", "0", "$sint32Size", "sint32", (v) => `${v} !== 0`);
    case "bool":
      return {
        tsType: "boolean",
        zero: "false",
        wireType: 0,
        isSet: (v) => v,
        size: () => "1",
        write: (v) => `w.bool(${v});`,
        read: "r.bool()",
        fixedSize: 1,
      };
    case "string":
      return {
        tsType: "string",
        zero: '""',
        wireType: 2,
        isSet: (v) => `${v} !== ""`,
        size: (v) => `w.stringSize(${v})`,
        write: (v) => `w.string(${v});`,
        read: "r.string()",
        fixedSize: undefined,
      };
    case "bytes":
      return {
        tsType: "Uint8Array",
        zero: "new Uint8Array(0)",
        wireType: 2,
        isSet: (v) => `${v}.length !== 0`,
        size: (v) => `w.bytesSize(${v})`,
        write: (v) => `w.bytes(${v});`,
        read: "r.bytes()",
        fixedSize: undefined,
      };
    case "int64":
    case "uint64":
    case "sint64":
    case "fixed64":
    case "sfixed64": {
      const rep = REP[mode];
      const tsType = mode;
      const zero = mode === "bigint" ? "0n" : mode === "number" ? "0" : '"0"';
      const isSet = (v: string): string => `${v} !== ${zero}`;
      const fixedWidth = scalar === "fixed64" || scalar === "sfixed64";
      // bigint is the default and lives on Reader/Writer; the number and string
      // representations are free functions, so they tree-shake away when unused.
      const kind = scalar.charAt(0).toUpperCase() + scalar.slice(1);
      const method = mode === "bigint";
      return {
        tsType,
        zero,
        wireType: fixedWidth ? 1 : 0,
        isSet,
        size: fixedWidth ? () => "8" : method ? (v) => `w.${scalar}${rep}Size(${v})` : (v) => `$size${kind}${rep}(w, ${v})`,
        write: method ? (v) => `w.${scalar}${rep}(${v});` : (v) => `$write${kind}${rep}(w, ${v});`,
        read: method ? `r.${scalar}${rep}()` : `$read${kind}${rep}(r)`,
        fixedSize: fixedWidth ? 8 : undefined,
      };
    }
  }
}

function fixed(
  tsType: string,
  zero: string,
  wireType: 1 | 5,
  size: number,
  method: string,
  isSet: (v: string) => string,
): ScalarTemplate {
  return {
    tsType,
    zero,
    wireType,
    isSet,
    size: () => String(size),
    write: (v) => `w.${method}(${v});`,
    read: `r.${method}()`,
    fixedSize: size,
  };
}

function varint(tsType: string, zero: string, sizeFn: string, method: string, isSet: (v: string) => string): ScalarTemplate {
  return {
    tsType,
    zero,
    wireType: 0,
    isSet,
    size: (v) => `${sizeFn}(${v})`,
    write: (v) => `w.${method}(${v});`,
    read: `r.${method}()`,
    fixedSize: undefined,
  };
}

/** Template for a map key: keys are canonical strings in TypeScript, converted on the wire. */
export interface MapKeyTemplate {
  /** Zero key (when the entry omits it). */
  zero: string;
  /** Wire type of the key. */
  wireType: 0 | 1 | 2 | 5;
  /** Expression: size of key `k` (a string). */
  size(k: string): string;
  /** Statement: write key `k`. */
  write(k: string): string;
  /** Expression reading a key as its canonical string. */
  read: string;
}

/** The map-key template for `scalar` (any legal key type). */
export function mapKeyTemplate(scalar: ScalarType): MapKeyTemplate {
  if (scalar === "string") {
    const t = scalarTemplate("string", "string");
    return { zero: '""', wireType: 2, size: t.size, write: t.write, read: "r.mapKey()" };
  }
  if (scalar === "bool") {
    return {
      zero: '"false"',
      wireType: 0,
      size: (k) => `($mapKeyBool(w, ${k}), 1)`,
      write: (k) => `w.bool($mapKeyBool(w, ${k}));`,
      read: '(r.bool() ? "true" : "false")',
    };
  }
  if (isInt64Scalar(scalar)) {
    const t = scalarTemplate(scalar, "string");
    return { zero: '"0"', wireType: t.wireType, size: t.size, write: t.write, read: t.read };
  }
  if (scalar === "double" || scalar === "float" || scalar === "bytes") throw new Error(`internal: ${scalar} is not a legal map key`);
  const t = scalarTemplate(scalar, "number");
  return {
    zero: '"0"',
    wireType: t.wireType,
    size: (k) => (t.fixedSize === undefined ? t.size(`$mapKey32(w, ${k})`) : `($mapKey32(w, ${k}), ${t.fixedSize})`),
    write: (k) => t.write(`$mapKey32(w, ${k})`),
    read: `String(${t.read})`,
  };
}
