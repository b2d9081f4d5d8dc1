/**
 * Per-file emit state shared by the emitters: options, the import table for
 * other generated files, and the runtime names actually used.
 *
 * @module
 */
import type { FieldModel, FileModel, TypeRef, ValueType } from "./model.js";
import type { ImportTable } from "./printer.js";
import { scalarTemplate, type Int64Mode } from "./scalars.js";

/** Options that shape emitted code. */
export interface EmitOptions {
  /** Representation of 64-bit integers. */
  int64: Int64Mode;
  /** Module specifier the generated code imports its runtime from. */
  runtime: string;
}

/** Everything an emitter needs while printing one file. */
export interface EmitContext {
  /** The file being printed. */
  file: FileModel;
  /** Emit options. */
  options: EmitOptions;
  /** Imports of other generated files. */
  imports: ImportTable;
  /** Runtime value names used (imported as `name as $name`). */
  runtime: Set<string>;
  /** Runtime type names used (imported with `import type`). */
  runtimeTypes: Set<string>;
}

/** Local name of a runtime value export, recording its use. */
export function rt(ctx: EmitContext, name: string): string {
  ctx.runtime.add(name);
  return `$${name}`;
}

/** Local name of a runtime type export, recording its use. */
export function rtType(ctx: EmitContext, name: string): string {
  ctx.runtimeTypes.add(name);
  return `$${name}`;
}

/** TypeScript type of one value (not repeated / map). */
export function valueTsType(ctx: EmitContext, type: ValueType): string {
  switch (type.kind) {
    case "scalar":
      return scalarTemplate(type.scalar, type.int64 ?? ctx.options.int64).tsType;
    case "enum":
    case "message":
      return ctx.imports.use(type.ref);
  }
}

/** TypeScript type of a field's property (without the optional marker). */
export function fieldTsType(ctx: EmitContext, field: FieldModel): string {
  const value = valueTsType(ctx, field.type);
  if (field.mapKey !== undefined) return `{ [key: string]: ${value} }`;
  if (field.repeated) return value.includes(" ") ? `(${value})[]` : `${value}[]`;
  return value;
}

/** All type references a file's messages make, for planning import aliases. */
export function referencedTypes(file: FileModel): TypeRef[] {
  const refs: TypeRef[] = [];
  for (const message of file.messages) {
    for (const field of message.fields) {
      if (field.type.kind !== "scalar") refs.push(field.type.ref);
    }
  }
  return refs;
}
