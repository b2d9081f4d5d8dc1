/**
 * protoc (Debian `protobuf-compiler`) as a second, independent reference:
 * random batches encoded by rxwire go through `protoc --decode` (text) and
 * back through `protoc --encode`. Without maps protoc's bytes must equal ours
 * exactly; with maps (whose order protoc may change) they must decode equal.
 * Skipped when protoc is not installed; .ci/run installs it.
 */
import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { Batch } from "./fixtures/generated/bigint/batch_pb.js";
import { loadReflection, messageArb } from "./fixtures/oracle.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "proto");
const hasProtoc = spawnSync("protoc", ["--version"], { encoding: "utf8" }).status === 0;
const root = loadReflection("fixtures", ["batch.proto"]);

function protoc(mode: "--encode" | "--decode", input: Uint8Array | string): Buffer {
  return execFileSync("protoc", [`-I${fixtures}`, `${mode}=test.kitchen.Batch`, "batch.proto"], {
    input,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 20_000,
  });
}

/** `count` random messages of a kitchen type; the arbitrary builds the generated shape of `T`. */
function sample<T>(typeName: string, count: number, seed: number): T[] {
  return fc.sample(messageArb(root.lookupType(`test.kitchen.${typeName}`), "bigint"), { numRuns: count, seed }) as unknown as T[];
}

describe.skipIf(!hasProtoc)("generated codecs agree with protoc", () => {
  it("should produce byte-identical encodings for map-free messages", () => {
    const batch = Batch.create({
      scalars: sample("Scalars", 150, 1),
      repeated: sample("Repeated", 60, 2),
      outer: sample("Outer", 100, 3),
      bigTags: sample("BigTags", 30, 4),
    });
    const ours = Batch.encode(batch);
    const text = protoc("--decode", ours);
    const theirs = protoc("--encode", text);
    expect(Buffer.from(ours).equals(theirs)).toBe(true);
    expect(Batch.decode(theirs)).toEqual(batch);
  });

  it("should agree on maps and well-known types after a round trip through protoc", () => {
    const batch = Batch.create({ maps: sample("Maps", 80, 5), wellKnown: sample("WellKnown", 60, 6) });
    const theirs = protoc("--encode", protoc("--decode", Batch.encode(batch)));
    expect(Batch.decode(theirs)).toEqual(batch);
  });
});
