/**
 * Emits the code side of a message: `$new` (defaults), `$size` and `$write`
 * (the two encode passes), `$decode`, and the exported codec object. All of it
 * straight-line code over the rxwire/wire runtime: no eval, no reflection.
 *
 * @module
 */
import type { FieldModel, MessageModel, ValueType } from "./model.js";
import { Printer } from "./printer.js";
import { mapKeyTemplate, scalarTemplate } from "./scalars.js";
import { rt, rtType, valueTsType, type EmitContext } from "./context.js";

function tagOf(number: number, wireType: number): number {
  return number * 8 + wireType;
}

function tagSize(tag: number): number {
  return tag < 0x80 ? 1 : tag < 0x4000 ? 2 : tag < 0x200000 ? 3 : tag < 0x10000000 ? 4 : 5;
}

function wireTypeOf(ctx: EmitContext, type: ValueType): 0 | 1 | 2 | 5 {
  if (type.kind === "message") return 2;
  if (type.kind === "enum") return 0;
  return scalarTemplate(type.scalar, type.int64 ?? ctx.options.int64).wireType;
}

/** Zero value of a non-repeated, non-map value (messages have none: undefined). */
function zeroOf(ctx: EmitContext, type: ValueType): string {
  if (type.kind === "enum") return "0";
  if (type.kind === "message") return "undefined";
  return scalarTemplate(type.scalar, type.int64 ?? ctx.options.int64).zero;
}

/** Size expression of one scalar or enum value (no tag); messages go through {@link messageSize}. */
function valueSize(ctx: EmitContext, type: ValueType, v: string): string {
  if (type.kind === "enum") return `${rt(ctx, "varintSize32")}(${v})`;
  if (type.kind === "scalar") return scalarTemplate(type.scalar, type.int64 ?? ctx.options.int64).size(v);
  throw new Error("internal: message sizes go through messageSize");
}

/** Write statement of one value (no tag). */
function valueWrite(ctx: EmitContext, type: ValueType, v: string): string {
  if (type.kind === "enum") return `w.int32(${v});`;
  if (type.kind === "scalar") return scalarTemplate(type.scalar, type.int64 ?? ctx.options.int64).write(v);
  return `w.length(); ${ctx.imports.use(type.ref, "$write")}(${v}, w);`;
}

/** Read expression of one value. */
function valueRead(ctx: EmitContext, type: ValueType, mergeInto?: string): string {
  if (type.kind === "enum") return "r.int32()";
  if (type.kind === "scalar") return scalarTemplate(type.scalar, type.int64 ?? ctx.options.int64).read;
  const into = mergeInto === undefined ? "" : `, ${mergeInto}`;
  return `${ctx.imports.use(type.ref, "$decode")}(r, r.lengthEnd(), depth + 1${into})`;
}

/** Prints size-pass lines adding a length-delimited nested message `v` with tag bytes `t`. */
function messageSize(p: Printer, ctx: EmitContext, type: ValueType, v: string, t: number, target = "n"): void {
  if (type.kind !== "message") throw new Error("internal: not a message");
  const size = ctx.imports.use(type.ref, "$size");
  p.line(`{ const ms = w.nest(); const ml = ${size}(${v}, w); w.unnest(ms, ml); ${target} += ${t} + ${rt(ctx, "uvarintSize32")}(ml) + ml; }`);
}

function isSetCondition(ctx: EmitContext, field: FieldModel, v: string): string {
  if (field.optional || field.type.kind === "message") return `${v} != null`;
  if (field.type.kind === "enum") return `${v} !== 0`;
  return scalarTemplate(field.type.scalar, field.type.int64 ?? ctx.options.int64).isSet(v);
}

/** Prints the defaults factory `Name$new()`. */
export function emitNew(p: Printer, ctx: EmitContext, m: MessageModel): void {
  p.doc(["A new {@link " + m.tsName + "} with proto3 defaults.", "Used by other generated files; not for application code."]);
  p.block(`export function ${m.tsName}$new(): ${m.tsName} {`, () => {
    const props: string[] = [];
    const oneofs = new Set<string>();
    for (const f of m.fields) {
      if (f.oneof !== undefined) {
        if (!oneofs.has(f.oneof)) props.push(`${f.oneof}: undefined`);
        oneofs.add(f.oneof);
      } else if (f.mapKey !== undefined) props.push(`${f.tsName}: {}`);
      else if (f.repeated) props.push(`${f.tsName}: []`);
      else if (f.optional) props.push(`${f.tsName}: undefined`);
      else props.push(`${f.tsName}: ${zeroOf(ctx, f.type)}`);
    }
    p.line(props.length === 0 ? "return {};" : `return { ${props.join(", ")} };`);
  });
}

/** Prints `Name$size(m, w)`: the exact encoded size, recording nested lengths. */
export function emitSize(out: Printer, ctx: EmitContext, m: MessageModel): void {
  const writer = rtType(ctx, "Writer");
  const p = new Printer(1);
  {
    p.line("let n = 0;");
    const oneofsDone = new Set<string>();
    for (const f of m.fields) {
      if (f.oneof !== undefined) {
        if (oneofsDone.has(f.oneof)) continue;
        oneofsDone.add(f.oneof);
        emitOneofSwitch(p, m, f.oneof, (c, v) => {
          const tag = tagOf(c.number, wireTypeOf(ctx, c.type));
          if (c.type.kind === "message") messageSize(p, ctx, c.type, v, tagSize(tag));
          else p.line(`n += ${tagSize(tag)} + ${valueSize(ctx, c.type, v)};`);
        });
        continue;
      }
      const v = `m.${f.tsName}`;
      if (f.mapKey !== undefined) {
        emitMapSize(p, ctx, f);
      } else if (f.repeated) {
        emitRepeatedSize(p, ctx, f);
      } else {
        const tag = tagOf(f.number, wireTypeOf(ctx, f.type));
        p.block(`if (${isSetCondition(ctx, f, v)}) {`, () => {
          if (f.type.kind === "message") messageSize(p, ctx, f.type, v, tagSize(tag));
          else p.line(`n += ${tagSize(tag)} + ${valueSize(ctx, f.type, v)};`);
        });
      }
    }
    p.line("return n;");
  }
  out.doc(["Size pass of {@link " + m.tsName + "} encoding.", "Used by other generated files; not for application code."]);
  out.line(`export function ${m.tsName}$size(${params(p, m, writer)}): number {`);
  out.append(p);
  out.line("}");
}

/** `m: T, w: Writer`, with `_` prefixes on parameters the body never reads (noUnusedParameters). */
function params(body: Printer, m: MessageModel, writer: string): string {
  const text = body.toString();
  // Not after a dot: a field named `w` or `m` is `m.w`, which is no use of the parameter.
  const mName = /(?<![.\w$])m\./.test(text) ? "m" : "_m";
  const wName = /(?<![.\w$])w\b/.test(text) ? "w" : "_w";
  return `${mName}: ${m.tsName}, ${wName}: ${writer}`;
}

function emitRepeatedSize(p: Printer, ctx: EmitContext, f: FieldModel): void {
  const elem = valueTsType(ctx, f.type);
  p.block("{", () => {
    p.line(`const a = m.${f.tsName};`);
    if (f.packed) {
      const tag = tagOf(f.number, 2);
      const fixedSize = f.type.kind === "scalar" ? scalarTemplate(f.type.scalar, f.type.int64 ?? ctx.options.int64).fixedSize : undefined;
      p.block("if (a.length !== 0) {", () => {
        p.line("const s = w.reserve();");
        if (fixedSize !== undefined) {
          p.line(`const l = a.length * ${fixedSize};`);
        } else {
          p.line("let l = 0;");
          p.line(`for (let i = 0; i < a.length; i++) l += ${valueSize(ctx, f.type, `(a[i] as ${elem})`)};`);
        }
        p.line(`w.sizes[s] = l;`);
        p.line(`n += ${tagSize(tag)} + ${rt(ctx, "uvarintSize32")}(l) + l;`);
      });
    } else {
      const tag = tagOf(f.number, wireTypeOf(ctx, f.type));
      p.block("for (let i = 0; i < a.length; i++) {", () => {
        if (f.type.kind === "message") messageSize(p, ctx, f.type, `(a[i] as ${elem})`, tagSize(tag));
        else p.line(`n += ${tagSize(tag)} + ${valueSize(ctx, f.type, `(a[i] as ${elem})`)};`);
      });
    }
  });
}

function emitMapSize(p: Printer, ctx: EmitContext, f: FieldModel): void {
  const key = mapKeyTemplate(f.mapKey ?? "string");
  const elem = valueTsType(ctx, f.type);
  const tag = tagOf(f.number, 2);
  const keyTag = tagOf(1, key.wireType);
  const valueTag = tagOf(2, wireTypeOf(ctx, f.type));
  p.block("{", () => {
    p.line(`const o = m.${f.tsName};`);
    p.block("for (const k of Object.keys(o)) {", () => {
      const size = f.type.kind === "message" ? undefined : valueSize(ctx, f.type, "v");
      if (size === undefined || /\bv\b/.test(size)) p.line(`const v = o[k] as ${elem};`);
      p.line("const s = w.reserve();");
      p.line(`let l = ${tagSize(keyTag)} + ${key.size("k")};`);
      if (size === undefined) messageSize(p, ctx, f.type, "v", tagSize(valueTag), "l");
      else p.line(`l += ${tagSize(valueTag)} + ${size};`);
      p.line("w.sizes[s] = l;");
      p.line(`n += ${tagSize(tag)} + ${rt(ctx, "uvarintSize32")}(l) + l;`);
    });
  });
}

/** Prints `switch (m.<oneof>.case)` with `body` printing each case's statements. */
function emitOneofSwitch(
  p: Printer,
  m: MessageModel,
  oneofName: string,
  body: (c: FieldModel, v: string) => void,
): void {
  const oneof = m.oneofs.find((o) => o.tsName === oneofName);
  if (oneof === undefined) return;
  p.block("{", () => {
    p.line(`const o = m.${oneof.tsName};`);
    p.block("if (o != null) {", () => {
      p.block("switch (o.case) {", () => {
        for (const c of oneof.fields) {
          p.block(`case "${c.tsName}": {`, () => {
            body(c, "o.value");
            p.line("break;");
          });
        }
      });
    });
  });
}

/** Prints `Name$write(m, w)`: the write pass, mirroring `$size` field by field. */
export function emitWrite(out: Printer, ctx: EmitContext, m: MessageModel): void {
  const writer = rtType(ctx, "Writer");
  const p = new Printer(1);
  {
    const oneofsDone = new Set<string>();
    for (const f of m.fields) {
      if (f.oneof !== undefined) {
        if (oneofsDone.has(f.oneof)) continue;
        oneofsDone.add(f.oneof);
        emitOneofSwitch(p, m, f.oneof, (c, v) => {
          p.line(`w.uint32(${tagOf(c.number, wireTypeOf(ctx, c.type))});`);
          p.line(valueWrite(ctx, c.type, v));
        });
        continue;
      }
      const v = `m.${f.tsName}`;
      const elem = valueTsType(ctx, f.type);
      if (f.mapKey !== undefined) {
        const key = mapKeyTemplate(f.mapKey);
        p.block("{", () => {
          p.line(`const o = m.${f.tsName};`);
          p.block("for (const k of Object.keys(o)) {", () => {
            p.line(`const v = o[k] as ${elem};`);
            p.line(`w.uint32(${tagOf(f.number, 2)});`);
            p.line("w.length();");
            p.line(`w.uint32(${tagOf(1, key.wireType)});`);
            p.line(key.write("k"));
            p.line(`w.uint32(${tagOf(2, wireTypeOf(ctx, f.type))});`);
            p.line(valueWrite(ctx, f.type, "v"));
          });
        });
      } else if (f.repeated && f.packed) {
        p.block("{", () => {
          p.line(`const a = m.${f.tsName};`);
          p.block("if (a.length !== 0) {", () => {
            p.line(`w.uint32(${tagOf(f.number, 2)});`);
            p.line("w.length();");
            p.line(`for (let i = 0; i < a.length; i++) ${valueWrite(ctx, f.type, `(a[i] as ${elem})`)}`);
          });
        });
      } else if (f.repeated) {
        p.block("{", () => {
          p.line(`const a = m.${f.tsName};`);
          p.block("for (let i = 0; i < a.length; i++) {", () => {
            p.line(`w.uint32(${tagOf(f.number, wireTypeOf(ctx, f.type))});`);
            p.line(valueWrite(ctx, f.type, `(a[i] as ${elem})`));
          });
        });
      } else {
        p.block(`if (${isSetCondition(ctx, f, v)}) {`, () => {
          p.line(`w.uint32(${tagOf(f.number, wireTypeOf(ctx, f.type))});`);
          p.line(valueWrite(ctx, f.type, v));
        });
      }
    }
  }
  out.doc(["Write pass of {@link " + m.tsName + "} encoding.", "Used by other generated files; not for application code."]);
  out.line(`export function ${m.tsName}$write(${params(p, m, writer)}): void {`);
  out.append(p);
  out.line("}");
}

/** Prints `Name$decode(r, end, depth)`: one switch over tags; unknown fields skipped. */
export function emitDecode(p: Printer, ctx: EmitContext, m: MessageModel): void {
  const reader = rt(ctx, "Reader");
  p.doc([
    "Decodes one {@link " + m.tsName + "} from `r` up to `end`, merging into `into` when given.",
    "Used by other generated files; not for application code.",
  ]);
  p.block(`export function ${m.tsName}$decode(r: ${reader}, end: number, depth: number, into?: ${m.tsName}): ${m.tsName} {`, () => {
    p.line("r.checkDepth(depth);");
    // A singular message field seen twice merges (protobuf spec), hence `into`.
    p.line(`const m = into ?? ${m.tsName}$new();`);
    p.block("while (r.pos < end) {", () => {
      p.line("const tag = r.tag();");
      p.block("switch (tag) {", () => {
        for (const f of m.fields) emitDecodeCases(p, ctx, f);
        p.line("default:");
        p.line("  r.skip(tag);");
      });
    });
    p.line("r.checkEnd(end);");
    p.line("return m;");
  });
}

function emitDecodeCases(p: Printer, ctx: EmitContext, f: FieldModel): void {
  const wireType = wireTypeOf(ctx, f.type);
  const read = valueRead(ctx, f.type);
  if (f.oneof !== undefined) {
    const value =
      f.type.kind === "message"
        ? valueRead(ctx, f.type, `m.${f.oneof}?.case === "${f.tsName}" ? m.${f.oneof}.value : undefined`)
        : read;
    p.line(`case ${tagOf(f.number, wireType)}:`);
    p.line(`  m.${f.oneof} = { case: "${f.tsName}", value: ${value} };`);
    p.line("  break;");
    return;
  }
  if (f.mapKey !== undefined) {
    const key = mapKeyTemplate(f.mapKey);
    const elem = valueTsType(ctx, f.type);
    const zero = f.type.kind === "message" ? undefined : zeroOf(ctx, f.type);
    p.block(`case ${tagOf(f.number, 2)}: {`, () => {
      p.line("const e = r.lengthEnd();");
      p.line(`let k = ${key.zero};`);
      p.line(zero === undefined ? `let v: ${elem} | undefined;` : `let v: ${elem} = ${zero};`);
      p.block("while (r.pos < e) {", () => {
        p.line("const t = r.tag();");
        p.line(`if (t === ${tagOf(1, key.wireType)}) k = ${key.read};`);
        p.line(`else if (t === ${tagOf(2, wireType)}) v = ${read};`);
        p.line("else r.skip(t);");
      });
      p.line("r.checkEnd(e);");
      const value = f.type.kind === "message" ? `v ?? ${ctx.imports.use(f.type.ref, "$new")}()` : "v";
      p.line(`${rt(ctx, "setMapEntry")}(m.${f.tsName}, k, ${value});`);
      p.line("break;");
    });
    return;
  }
  if (f.repeated) {
    const packable = f.type.kind === "enum" || (f.type.kind === "scalar" && wireType !== 2);
    if (packable) {
      p.block(`case ${tagOf(f.number, 2)}: {`, () => {
        p.line("const e = r.lengthEnd();");
        p.line(`const a = m.${f.tsName};`);
        p.line(`while (r.pos < e) a.push(${read});`);
        p.line("r.checkEnd(e);");
        p.line("break;");
      });
    }
    p.line(`case ${tagOf(f.number, wireType)}:`);
    p.line(`  m.${f.tsName}.push(${read});`);
    p.line("  break;");
    return;
  }
  p.line(`case ${tagOf(f.number, wireType)}:`);
  p.line(`  m.${f.tsName} = ${f.type.kind === "message" ? valueRead(ctx, f.type, `m.${f.tsName}`) : read};`);
  p.line("  break;");
}

/** Prints the exported codec object `export const Name: MessageCodec<Name>`. */
export function emitCodec(p: Printer, ctx: EmitContext, m: MessageModel): void {
  const hasOneofs = m.oneofs.length > 0;
  const codecType = rtType(ctx, hasOneofs ? "EnvelopeCodec" : "MessageCodec");
  const writer = rt(ctx, "writer");
  const reader = rt(ctx, "reader");
  p.doc([m.comment, `Codec of {@link ${m.tsName}}.`, `@generated from message ${m.fullName}`]);
  p.block(`export const ${m.tsName}: ${codecType}<${m.tsName}> = {`, () => {
    p.line(`typeName: "${m.fullName}",`);
    p.block(`encode(message: ${m.tsName}): Uint8Array {`, () => {
      p.line(`const w = ${writer}.begin("${m.fullName}");`);
      // A message that does not match its type (a null field, a cycle) fails
      // inside the passes with a TypeError or RangeError: w.fail reports it as an EncodeError.
      p.block("try {", () => {
        p.line(`w.alloc(${m.tsName}$size(message, w));`);
        p.line(`${m.tsName}$write(message, w);`);
      }, "} catch (error) {");
      p.line("  throw w.fail(error);");
      p.line("}");
      p.line("return w.finish();");
    }, "},");
    p.block(`decode(bytes: Uint8Array): ${m.tsName} {`, () => {
      p.line(`const r = ${reader}.begin(bytes, "${m.fullName}");`);
      p.line(`return r.done(${m.tsName}$decode(r, r.len, 0));`);
    }, "},");
    p.block(`create(init?: Partial<${m.tsName}>): ${m.tsName} {`, () => {
      p.line(`const m = ${m.tsName}$new();`);
      p.line(`if (init !== undefined) ${rt(ctx, "assignDefined")}(m, init);`);
      p.line("return m;");
    }, "},");
    if (hasOneofs) {
      p.block("oneofCases: {", () => {
        for (const oneof of m.oneofs) for (const c of oneof.fields) p.line(`${c.tsName}: "${oneof.tsName}",`);
      }, "},");
    }
  }, "};");
}
