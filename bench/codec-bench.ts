/**
 * bench:codec: encode and decode a tick envelope and a chat envelope (~1 KB of
 * text) with rxwire's generated code, protobufjs reflection and protobufjs
 * static code, in interleaved rounds of one process; prints ns/message and the
 * ratio to protobufjs static (> 1 means rxwire is faster); ns/message is the
 * median of the rounds. Then prints the
 * gzipped size of the wire runtime plus one generated file.
 *
 * Iterations: BENCH_ITERATIONS (default 1,000,000 per message, operation and codec).
 */
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import { build } from "esbuild";
import * as chat from "../generated/chat_pb.js";
import * as ticker from "../generated/ticker_pb.js";
// @ts-expect-error: pbjs static output is plain JS without declarations.
import * as staticRoot from "./fixtures/envelopes_static.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const ITERATIONS = Number(process.env["BENCH_ITERATIONS"] ?? 1_000_000);
const ROUNDS = 10;

interface Codec {
  encode(message: unknown): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

interface StaticType {
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
}

const reflectionRoot = new protobuf.Root();
reflectionRoot.resolvePath = (_origin, target) => (target.startsWith("google/protobuf/") ? target : path.join(here, "..", "proto", target));
reflectionRoot.loadSync(["chat.proto", "ticker.proto"]);

const tickEnvelope: ticker.Envelope = {
  seq: 1_234_567n,
  id: 0n,
  payload: { case: "tick", value: { symbol: "AAPL", price: 187.23, volume: 1_250_000n, ts: 1_763_780_000_123n } },
};

const text =
  "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ".repeat(8).slice(0, 1000);
const chatEnvelope: chat.Envelope = {
  seq: 987_654n,
  id: 42n,
  payload: {
    case: "message",
    value: {
      room: "general",
      author: "alice",
      text,
      tags: ["news", "bench"],
      attrs: { client: "web", lang: "en" },
      sentAt: { seconds: 1_763_780_000n, nanos: 123_000_000 },
    },
  },
};

interface Contender {
  name: string;
  encode: () => Uint8Array;
  decode: () => unknown;
}

function contenders(typeName: string, ours: Codec, message: unknown): Contender[] {
  const bytes = ours.encode(message);
  const reflected = reflectionRoot.lookupType(typeName);
  const [pkg, local] = typeName.split(".") as [string, string];
  const staticType = (staticRoot as Record<string, Record<string, StaticType>>)[pkg]?.[local];
  if (staticType === undefined) throw new Error(`no static type ${typeName}`);
  const reflectedMessage = reflected.decode(bytes);
  const staticMessage = staticType.decode(bytes);
  // All three must agree on the bytes before any timing means anything.
  const check = (name: string, other: Uint8Array): void => {
    if (Buffer.compare(Buffer.from(other), Buffer.from(bytes)) !== 0) throw new Error(`${name} encodes ${typeName} differently`);
  };
  check("protobufjs reflection", reflected.encode(reflectedMessage).finish());
  check("protobufjs static", staticType.encode(staticMessage).finish());
  return [
    { name: "rxwire", encode: () => ours.encode(message), decode: () => ours.decode(bytes) },
    { name: "pbjs reflection", encode: () => reflected.encode(reflectedMessage).finish(), decode: () => reflected.decode(bytes) },
    { name: "pbjs static", encode: () => staticType.encode(staticMessage).finish(), decode: () => staticType.decode(bytes) },
  ];
}

let sink = 0;

function timeLoop(fn: () => unknown, n: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const out = fn();
    if (out === undefined) sink++;
  }
  return Number(process.hrtime.bigint() - start);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function run(label: string, typeName: string, ours: Codec, message: unknown): string[] {
  const list = contenders(typeName, ours, message);
  const bytes = ours.encode(message).length;
  const rows: string[] = [];
  for (const op of ["decode", "encode"] as const) {
    const rounds = new Map<string, number[]>(list.map((c) => [c.name, []]));
    const perRound = Math.max(1, Math.floor(ITERATIONS / ROUNDS));
    for (const c of list) timeLoop(c[op], Math.min(perRound, 20_000)); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order each round so no codec always runs first (GC, turbo).
      for (let k = 0; k < list.length; k++) {
        const c = list[(k + round) % list.length] as Contender;
        rounds.get(c.name)?.push(timeLoop(c[op], perRound) / perRound);
      }
    }
    // The median round: robust against bursts of load from other processes.
    const nsOf = (name: string): number => median(rounds.get(name) ?? []);
    const staticNs = nsOf("pbjs static");
    for (const c of list) {
      const ns = nsOf(c.name);
      rows.push(`| ${label} (${bytes} B) | ${op} | ${c.name} | ${ns.toFixed(1)} | ${(staticNs / ns).toFixed(2)}x |`);
    }
  }
  return rows;
}

async function gzippedBundle(entry: string): Promise<{ raw: number; gzip: number }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    treeShaking: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array(0);
  return { raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

async function main(): Promise<void> {
  console.log(
    `bench:codec: ${ITERATIONS.toLocaleString("en-US")} iterations per row in ${ROUNDS} interleaved rounds (median round shown), node ${process.version}`,
  );
  console.log("");
  console.log("| message | op | codec | ns/msg | vs pbjs static |");
  console.log("|---|---|---|---:|---:|");
  const rows = [
    ...run("tick envelope", "ticker.Envelope", ticker.Envelope as unknown as Codec, tickEnvelope),
    ...run("chat envelope", "chat.Envelope", chat.Envelope as unknown as Codec, chatEnvelope),
  ];
  for (const row of rows) console.log(row);
  console.log("");
  const root = path.join(here, "..");
  const sizes = [
    ["wire runtime + generated/ticker_pb.ts", path.join(root, "generated/ticker_pb.ts")],
    ["wire runtime + generated/chat_pb.ts", path.join(root, "generated/chat_pb.ts")],
    ["wire runtime alone (src/wire/index.ts)", path.join(root, "src/wire/index.ts")],
    ["protobufjs/minimal alone", path.join(root, "node_modules/protobufjs/minimal.js")],
  ] as const;
  console.log("| bundle (esbuild --minify, browser) | min bytes | gzip bytes |");
  console.log("|---|---:|---:|");
  for (const [label, entry] of sizes) {
    const { raw, gzip } = await gzippedBundle(entry);
    console.log(`| ${label} | ${raw} | ${gzip} |`);
  }
  if (sink === -1) console.log(sink);
}

await main();
