/**
 * Stage 2 of rxwire-gen: turn the resolved protobufjs Root into a plain,
 * sorted intermediate representation the emitters read. Nothing downstream
 * touches protobufjs.
 *
 * @module
 */
import protobuf from "protobufjs";
import { CodegenError, type SourceLocation } from "../errors.js";
import type { LoadedSchema } from "./load.js";
import { isInt64Scalar, type Int64Mode } from "./scalars.js";
import { lowerCamel, typeScriptName } from "./names.js";
import { SourceLocator } from "./locate.js";

/** Protobuf scalar type names. */
export type ScalarType =
  | "double"
  | "float"
  | "int32"
  | "uint32"
  | "sint32"
  | "fixed32"
  | "sfixed32"
  | "int64"
  | "uint64"
  | "sint64"
  | "fixed64"
  | "sfixed64"
  | "bool"
  | "string"
  | "bytes";

const SCALARS: ReadonlySet<string> = new Set([
  "double",
  "float",
  "int32",
  "uint32",
  "sint32",
  "fixed32",
  "sfixed32",
  "int64",
  "uint64",
  "sint64",
  "fixed64",
  "sfixed64",
  "bool",
  "string",
  "bytes",
]);

/** A reference to a generated message or enum. */
export interface TypeRef {
  /** Fully qualified protobuf name without leading dot. */
  fullName: string;
  /** TypeScript name inside its own file. */
  tsName: string;
  /** Proto file that defines it. */
  file: string;
  /** Package of that file. */
  packageName: string;
}

/** The value type of a field (or of a map's value). */
export type ValueType =
  | {
      kind: "scalar";
      scalar: ScalarType;
      /** A 64-bit field's own representation from its `jstype` option; absent: the generator's `--int64`. */
      int64?: Int64Mode;
    }
  | { kind: "enum"; ref: TypeRef }
  | { kind: "message"; ref: TypeRef };

/** One field of a message. */
export interface FieldModel {
  /** Name in the .proto file. */
  protoName: string;
  /** lowerCamelCase property name. */
  tsName: string;
  /** Field number. */
  number: number;
  /** Value type (for maps, the map's value type). */
  type: ValueType;
  /** `repeated` (not maps). */
  repeated: boolean;
  /** Written packed (proto3 default for repeated scalars and enums). */
  packed: boolean;
  /** proto3 `optional` (explicit presence). */
  optional: boolean;
  /** For `map<K, V>` fields: the key type. */
  mapKey: ScalarType | undefined;
  /** Oneof this field is a case of (property name), if any. */
  oneof: string | undefined;
  /** The declaration as written, for JSDoc. */
  declaration: string;
  /** Leading comment from the .proto, if any. */
  comment: string | undefined;
}

/** A oneof of a message. */
export interface OneofModel {
  /** Name in the .proto file. */
  protoName: string;
  /** lowerCamelCase property name. */
  tsName: string;
  /** Case fields, by field number. */
  fields: FieldModel[];
  /** Leading comment, if any. */
  comment: string | undefined;
}

/** A message type. */
export interface MessageModel {
  /** Fully qualified name without leading dot. */
  fullName: string;
  /** TypeScript name. */
  tsName: string;
  /** All fields by number, oneof cases included. */
  fields: FieldModel[];
  /** Real oneofs (not proto3 `optional` synthetics), in declaration order. */
  oneofs: OneofModel[];
  /** Leading comment, if any. */
  comment: string | undefined;
}

/** An enum type. */
export interface EnumModel {
  /** Fully qualified name without leading dot. */
  fullName: string;
  /** TypeScript name. */
  tsName: string;
  /** Values in declaration order. */
  values: { name: string; number: number; comment: string | undefined }[];
  /** Leading comment, if any. */
  comment: string | undefined;
}

/** One .proto file's worth of declarations. */
export interface FileModel {
  /** Import path of the .proto. */
  name: string;
  /** Protobuf package. */
  packageName: string;
  /** Messages sorted by TypeScript name. */
  messages: MessageModel[];
  /** Enums sorted by TypeScript name. */
  enums: EnumModel[];
}

/** Builds the IR for every loaded file. */
export function buildModel(schema: LoadedSchema): FileModel[] {
  const packageOf = new Map(schema.files.map((f) => [f.name, f.packageName]));
  const refOf = (fullName: string): TypeRef => {
    const file = schema.fileOf.get(fullName);
    if (file === undefined) throw new CodegenError(`internal: no file defines ${fullName}`);
    const packageName = packageOf.get(file) ?? "";
    return { fullName, tsName: typeScriptName(fullName, packageName), file, packageName };
  };

  return schema.files.map((file) => {
    const messages: MessageModel[] = [];
    const enums: EnumModel[] = [];
    const locate = new SourceLocator(file.name, file.source);
    for (const fullName of file.definitions) {
      const reflected = schema.root.lookup(fullName);
      const tsName = typeScriptName(fullName, file.packageName);
      if (reflected instanceof protobuf.Type) {
        messages.push(messageModel(reflected, fullName, tsName, file.name, refOf, locate.member.bind(locate, localName(fullName, file.packageName))));
      } else if (reflected instanceof protobuf.Enum) {
        const values = Object.entries(reflected.values).map(([name, number]) => ({
          name,
          number,
          comment: reflected.comments[name] ?? undefined,
        }));
        const first = values[0];
        if (first === undefined) {
          // protoc: "Enums must contain at least one value." The zero value is every enum field's default.
          throw new CodegenError(`enum ${fullName} has no values; proto3 needs at least the zero value`, {
            location: locate.type(localName(fullName, file.packageName)),
          });
        }
        if (first.number !== 0) {
          // protoc: "The first enum value must be zero in proto3." The zero value is every enum field's default.
          throw new CodegenError(`enum ${fullName}: the first value must be zero in proto3, but ${first.name} is ${first.number}`, {
            location: locate.member(localName(fullName, file.packageName), first.name),
          });
        }
        enums.push({ fullName, tsName, comment: reflected.comment ?? undefined, values });
      }
    }
    checkTypeNames(file.packageName, messages, enums, locate);
    const byName = (a: { tsName: string }, b: { tsName: string }): number => (a.tsName < b.tsName ? -1 : a.tsName > b.tsName ? 1 : 0);
    return { name: file.name, packageName: file.packageName, messages: messages.sort(byName), enums: enums.sort(byName) };
  });
}

/**
 * Every top-level TypeScript name a file declares must come from one proto
 * type: joining nested names with `_` can make `Outer.Inner` and a top-level
 * `Outer_Inner` meet, and `FooCases` (the cases type of a message `Foo` with
 * oneofs) can meet a message `FooCases`. Renaming one silently would make
 * generated names unpredictable, so this refuses, naming both.
 */
function checkTypeNames(packageName: string, messages: readonly MessageModel[], enums: readonly EnumModel[], locate: SourceLocator): void {
  const declared: { tsName: string; what: string; local: string }[] = [];
  for (const e of enums) declared.push({ tsName: e.tsName, what: `enum ${e.fullName}`, local: localName(e.fullName, packageName) });
  for (const m of messages) {
    const local = localName(m.fullName, packageName);
    declared.push({ tsName: m.tsName, what: `message ${m.fullName}`, local });
    if (m.oneofs.length > 0) declared.push({ tsName: `${m.tsName}Cases`, what: `the oneof cases type of message ${m.fullName}`, local });
  }
  // Source order, so the refusal points at the later declaration.
  declared.sort((a, b) => {
    const x = locate.offsetOf(a.local);
    const y = locate.offsetOf(b.local);
    return x === y ? 0 : x < y ? -1 : 1;
  });
  const seen = new Map<string, string>();
  for (const { tsName, what, local } of declared) {
    const previous = seen.get(tsName);
    if (previous !== undefined) {
      throw new CodegenError(`${previous} and ${what} both generate the TypeScript name "${tsName}"; rename one of them`, {
        location: locate.type(local),
      });
    }
    seen.set(tsName, what);
  }
}

/** `pkg.Outer.Inner` → `Outer.Inner`. */
function localName(fullName: string, packageName: string): string {
  return packageName === "" ? fullName : fullName.slice(packageName.length + 1);
}

function messageModel(
  type: protobuf.Type,
  fullName: string,
  tsName: string,
  file: string,
  refOf: (fullName: string) => TypeRef,
  locateField: (protoName: string) => SourceLocation,
): MessageModel {
  const fields: FieldModel[] = [];
  const oneofs = new Map<string, OneofModel>();
  for (const oneof of type.oneofsArray) {
    const synthetic = oneof.fieldsArray.length === 1 && oneof.fieldsArray[0]?.options?.["proto3_optional"] === true;
    if (!synthetic) oneofs.set(oneof.name, { protoName: oneof.name, tsName: lowerCamel(oneof.name), fields: [], comment: oneof.comment ?? undefined });
  }
  for (const field of type.fieldsArray) {
    const where = `${file}: ${fullName}.${field.name}`;
    const isMap = field instanceof protobuf.MapField;
    const optional = field.options?.["proto3_optional"] === true;
    const oneof = field.partOf !== null && !optional ? oneofs.get(field.partOf.name) : undefined;
    const type = valueType(field, refOf, where);
    const mapKey = field instanceof protobuf.MapField ? scalarOf(field.keyType, where) : undefined;
    const packable = field.repeated && (type.kind === "enum" || (type.kind === "scalar" && type.scalar !== "string" && type.scalar !== "bytes"));
    const model: FieldModel = {
      protoName: field.name,
      tsName: lowerCamel(field.name),
      number: field.id,
      type,
      repeated: field.repeated && !isMap,
      packed: packable && field.options?.["packed"] !== false,
      optional,
      mapKey,
      oneof: oneof?.tsName,
      declaration: declarationOf(field, isMap, optional),
      comment: field.comment ?? undefined,
    };
    fields.push(model);
    oneof?.fields.push(model);
  }
  fields.sort((a, b) => a.number - b.number);
  for (const oneof of oneofs.values()) oneof.fields.sort((a, b) => a.number - b.number);
  const names = new Set<string>();
  for (const name of [...fields.filter((f) => f.oneof === undefined).map((f) => f.tsName), ...[...oneofs.values()].map((o) => o.tsName)]) {
    if (names.has(name)) throw new CodegenError(`${fullName}: two fields map to the property name "${name}"`, { location: { file } });
    names.add(name);
  }
  // Case names key the Cases type, oneofCases and the client's on(case): one namespace per message, across its oneofs.
  const cases = new Map<string, { field: FieldModel; oneof: OneofModel }>();
  for (const oneof of oneofs.values()) {
    for (const field of oneof.fields) {
      const previous = cases.get(field.tsName);
      if (previous !== undefined) {
        throw new CodegenError(
          `${fullName}: fields ${previous.field.protoName} (oneof ${previous.oneof.protoName}) and ${field.protoName} (oneof ${oneof.protoName}) map to the same oneof case name "${field.tsName}"; case names must be unique within a message`,
          { location: locateField(field.protoName) },
        );
      }
      cases.set(field.tsName, { field, oneof });
    }
  }
  return { fullName, tsName, fields, oneofs: [...oneofs.values()], comment: type.comment ?? undefined };
}

function scalarOf(name: string, where: string): ScalarType {
  if (!SCALARS.has(name)) throw new CodegenError(`${where}: unsupported type ${name}`);
  return name as ScalarType;
}

function valueType(field: protobuf.Field, refOf: (fullName: string) => TypeRef, where: string): ValueType {
  const resolved = field.resolvedType;
  const jstype: unknown = field.options?.["jstype"];
  if (jstype !== undefined && (resolved !== null || !isInt64Scalar(field.type) || field instanceof protobuf.MapField)) {
    // protoc refuses these too.
    throw new CodegenError(`${where}: jstype is only allowed on int64, uint64, sint64, fixed64 and sfixed64 fields`);
  }
  if (resolved instanceof protobuf.Type) return { kind: "message", ref: refOf(resolved.fullName.slice(1)) };
  if (resolved instanceof protobuf.Enum) return { kind: "enum", ref: refOf(resolved.fullName.slice(1)) };
  const scalar = scalarOf(field.type, where);
  switch (jstype) {
    case undefined:
    case "JS_NORMAL":
      return { kind: "scalar", scalar };
    case "JS_NUMBER":
      return { kind: "scalar", scalar, int64: "number" };
    case "JS_STRING":
      return { kind: "scalar", scalar, int64: "string" };
    default:
      throw new CodegenError(`${where}: unknown jstype ${String(jstype)} (expected JS_NORMAL, JS_STRING or JS_NUMBER)`);
  }
}

function declarationOf(field: protobuf.Field, isMap: boolean, optional: boolean): string {
  const type = field instanceof protobuf.MapField ? `map<${field.keyType}, ${field.type}>` : field.type;
  const label = field.repeated && !isMap ? "repeated " : optional ? "optional " : "";
  const packed = field.options?.["packed"] === false ? " [packed = false]" : "";
  return `${label}${type} ${field.name} = ${field.id}${packed};`;
}
