/**
 * Emits the type side of a file: enums, message interfaces (oneofs as
 * `{ case, value }` unions) and, per message with oneofs, a `<Name>Cases` map
 * from case name to value type.
 *
 * @module
 */
import type { EnumModel, MessageModel } from "./model.js";
import type { Printer } from "./printer.js";
import { fieldTsType, valueTsType, type EmitContext } from "./context.js";

/** Prints an enum as a TypeScript enum. Enums are open: unknown numbers pass through decode. */
export function emitEnum(p: Printer, e: EnumModel): void {
  p.doc([e.comment, `@generated from enum ${e.fullName}`]);
  p.block(`export enum ${e.tsName} {`, () => {
    for (const value of e.values) {
      p.doc([value.comment]);
      p.line(`${value.name} = ${value.number},`);
    }
  });
}

/** Prints `export interface Name { ... }` and, when it has oneofs, `export type NameCases`. */
export function emitInterface(p: Printer, ctx: EmitContext, m: MessageModel): void {
  p.doc([m.comment, `@generated from message ${m.fullName}`]);
  p.block(`export interface ${m.tsName} {`, () => {
    const emittedOneofs = new Set<string>();
    for (const field of m.fields) {
      if (field.oneof !== undefined) {
        if (emittedOneofs.has(field.oneof)) continue;
        emittedOneofs.add(field.oneof);
        const oneof = m.oneofs.find((o) => o.tsName === field.oneof);
        if (oneof === undefined) continue;
        p.doc([oneof.comment, `@generated from oneof ${m.fullName}.${oneof.protoName}`]);
        p.line(`${oneof.tsName}?:`);
        for (const c of oneof.fields) p.line(`  | { case: "${c.tsName}"; value: ${valueTsType(ctx, c.type)} }`);
        // Explicit `| undefined` keeps generated code valid under exactOptionalPropertyTypes.
        p.line("  | undefined;");
        continue;
      }
      const keyNote =
        field.mapKey === undefined || field.mapKey === "string"
          ? undefined
          : field.mapKey === "bool"
            ? 'Keys are "true" / "false".'
            : `Keys are the ${field.mapKey} keys as decimal strings.`;
      p.doc([field.comment, keyNote, `@generated from field: ${field.declaration}`]);
      const optional = field.optional || (field.type.kind === "message" && !field.repeated && field.mapKey === undefined);
      p.line(`${field.tsName}${optional ? "?" : ""}: ${fieldTsType(ctx, field)}${optional ? " | undefined" : ""};`);
    }
  });
  if (m.oneofs.length > 0) {
    p.line();
    p.doc([`Each oneof case of {@link ${m.tsName}} mapped to its value type.`]);
    p.block(`export type ${m.tsName}Cases = {`, () => {
      for (const oneof of m.oneofs) {
        for (const c of oneof.fields) p.line(`${c.tsName}: ${valueTsType(ctx, c.type)};`);
      }
    }, "};");
  }
}
