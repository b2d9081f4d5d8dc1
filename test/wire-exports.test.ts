/**
 * `stripInternal` drops `@internal` declarations from the published .d.ts, so
 * nothing rxwire/wire exports (and generated code imports) may carry it, or
 * generated code stops type-checking for consumers.
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as wire from "../src/wire/index.js";

const wireDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src", "wire");

describe("rxwire/wire exports", () => {
  it("should not mark anything it exports @internal", () => {
    const index = readFileSync(path.join(wireDir, "index.ts"), "utf8");
    const exported = new Set([...index.matchAll(/\b([A-Za-z0-9_]+)\b(?=[,\s]*(?:\}|,))/g)].map((m) => m[1] as string));
    const offenders: string[] = [];
    for (const file of readdirSync(wireDir).filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(path.join(wireDir, file), "utf8");
      for (const match of source.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export (?:declare )?(?:const|function|class|type|interface) ([A-Za-z0-9_]+)/g)) {
        const [, doc, name] = match as unknown as [string, string, string];
        if (doc.includes("@internal") && exported.has(name)) offenders.push(`${file}: ${name}`);
      }
      // Class members generated code calls must not be stripped either.
      for (const match of source.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n\s+([a-z][A-Za-z0-9]*)\(/g)) {
        const [, doc, name] = match as unknown as [string, string, string];
        if (doc.includes("@internal")) offenders.push(`${file}: member ${name}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("should export every runtime function generated code refers to", () => {
    for (const name of ["Reader", "writer", "setMapEntry", "mapKey32", "mapKeyBool", "uvarintSize32", "varintSize32", "sint32Size", "readInt64Num", "sizeUint64Str", "writeSfixed64Num"]) {
      expect((wire as Record<string, unknown>)[name], name).toBeDefined();
    }
  });
});
