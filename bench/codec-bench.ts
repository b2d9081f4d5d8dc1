/**
 * bench:codec: encode and decode a tick envelope and a chat envelope (~1 KB of
 * text) with rxwire's generated code, protobufjs reflection, protobufjs static
 * code (pbjs), protobuf-es v2 (protoc-gen-es) and ts-proto (forceLong=bigint),
 * in interleaved rounds of one process; prints ns/message and the ratio to
 * protobufjs static (> 1 means faster than pbjs static); ns/message is the
 * median of the rounds. Every contender first has to encode its own message to
 * rxwire's bytes, and the peers to decode those bytes to the same values.
 * Then decode only from a Node Buffer subarray (what ws delivers) for rxwire
 * and pbjs static, then the gzipped size of the wire runtime plus one
 * generated file.
 *
 * Fixtures: bench/fixtures/regen-static.sh (pbjs), bench/fixtures/regen-peers.sh
 * (protobuf-es, ts-proto).
 * Iterations: BENCH_ITERATIONS (default 1,000,000 per message, operation and codec).
 */
import * as path from "node:path";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { inspect, isDeepStrictEqual } from "node:util";
import { create as createEs, fromBinary, toBinary } from "@bufbuild/protobuf";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import protobuf from "protobufjs";
import { build } from "esbuild";
import * as chat from "../generated/chat_pb.js";
import * as ticker from "../generated/ticker_pb.js";
// @ts-expect-error: pbjs static output is plain JS without declarations.
import * as staticRoot from "./fixtures/envelopes_static.js";
import * as esChat from "./fixtures/protobuf-es/chat_pb.js";
import * as esTicker from "./fixtures/protobuf-es/ticker_pb.js";
import * as tpChat from "./fixtures/ts-proto/chat.js";
import * as tpTicker from "./fixtures/ts-proto/ticker.js";

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

/**
 * The fields every contender must decode to the same values, in one plain shape
 * (int64s as bigints, the timestamp as seconds + nanos, the map as sorted pairs),
 * so a codec that drops or garbles a field fails before it is timed.
 */
interface Fields {
  seq: bigint;
  id: bigint;
  payload: Record<string, unknown>;
}

/** A peer codec of one message: how to encode its own message, decode bytes, and view the result. */
interface Peer {
  name: string;
  /** The peer's own message object holding the same values as rxwire's. */
  message: unknown;
  encode: (message: unknown) => Uint8Array;
  decode: (bytes: Uint8Array) => unknown;
  fields: (decoded: unknown) => Fields;
}

const sortedPairs = (map: Record<string, string>): [string, string][] => Object.entries(map).sort(([a], [b]) => (a < b ? -1 : 1));

function tickFields(seq: bigint, id: bigint, t: { symbol: string; price: number; volume: bigint; ts: bigint } | undefined): Fields {
  if (t === undefined) throw new Error("no tick in the decoded envelope");
  return { seq, id, payload: { tick: [t.symbol, t.price, t.volume, t.ts] } };
}

interface ChatLike {
  room: string;
  author: string;
  text: string;
  tags: string[];
  attrs: Record<string, string>;
}

function chatFields(seq: bigint, id: bigint, m: ChatLike | undefined, seconds: bigint | undefined, nanos: number | undefined): Fields {
  if (m === undefined) throw new Error("no chat message in the decoded envelope");
  return { seq, id, payload: { message: [m.room, m.author, m.text, [...m.tags], sortedPairs(m.attrs), seconds, nanos] } };
}

const rxwireTick = (d: unknown): Fields => {
  const e = d as ticker.Envelope;
  return tickFields(e.seq, e.id, e.payload?.case === "tick" ? e.payload.value : undefined);
};
const rxwireChat = (d: unknown): Fields => {
  const e = d as chat.Envelope;
  const m = e.payload?.case === "message" ? e.payload.value : undefined;
  return chatFields(e.seq, e.id, m, m?.sentAt?.seconds, m?.sentAt?.nanos);
};

const tickPeers: Peer[] = (() => {
  const t = (tickEnvelope.payload as { case: "tick"; value: ticker.Tick }).value;
  const esMessage = createEs(esTicker.EnvelopeSchema, {
    seq: tickEnvelope.seq,
    id: tickEnvelope.id,
    payload: { case: "tick", value: createEs(esTicker.TickSchema, { ...t }) },
  });
  const tsMessage: tpTicker.Envelope = { seq: tickEnvelope.seq, id: tickEnvelope.id, tick: { ...t } };
  return [
    {
      name: "protobuf-es",
      message: esMessage,
      encode: (message) => toBinary(esTicker.EnvelopeSchema, message as esTicker.Envelope),
      decode: (bytes) => fromBinary(esTicker.EnvelopeSchema, bytes),
      fields: (d) => {
        const e = d as esTicker.Envelope;
        return tickFields(e.seq, e.id, e.payload.case === "tick" ? e.payload.value : undefined);
      },
    },
    {
      name: "ts-proto",
      message: tsMessage,
      encode: (message) => tpTicker.Envelope.encode(message as tpTicker.Envelope).finish(),
      decode: (bytes) => tpTicker.Envelope.decode(bytes),
      fields: (d) => {
        const e = d as tpTicker.Envelope;
        return tickFields(e.seq, e.id, e.tick);
      },
    },
  ];
})();

const chatPeers: Peer[] = (() => {
  const m = (chatEnvelope.payload as { case: "message"; value: chat.ChatMessage }).value;
  const sentAt = m.sentAt ?? { seconds: 0n, nanos: 0 };
  const esMessage = createEs(esChat.EnvelopeSchema, {
    seq: chatEnvelope.seq,
    id: chatEnvelope.id,
    payload: {
      case: "message",
      value: createEs(esChat.ChatMessageSchema, {
        room: m.room,
        author: m.author,
        text: m.text,
        tags: [...m.tags],
        attrs: { ...m.attrs },
        sentAt: createEs(TimestampSchema, { seconds: sentAt.seconds, nanos: sentAt.nanos }),
      }),
    },
  });
  // ts-proto's default (useDate=true) maps google.protobuf.Timestamp to a Date:
  // whole milliseconds, which this timestamp is.
  const tsMessage: tpChat.Envelope = {
    seq: chatEnvelope.seq,
    id: chatEnvelope.id,
    message: {
      room: m.room,
      author: m.author,
      text: m.text,
      tags: [...m.tags],
      attrs: { ...m.attrs },
      sentAt: new Date(Number(sentAt.seconds) * 1000 + sentAt.nanos / 1_000_000),
    },
  };
  return [
    {
      name: "protobuf-es",
      message: esMessage,
      encode: (message) => toBinary(esChat.EnvelopeSchema, message as esChat.Envelope),
      decode: (bytes) => fromBinary(esChat.EnvelopeSchema, bytes),
      fields: (d) => {
        const e = d as esChat.Envelope;
        const v = e.payload.case === "message" ? e.payload.value : undefined;
        return chatFields(e.seq, e.id, v, v?.sentAt?.seconds, v?.sentAt?.nanos);
      },
    },
    {
      name: "ts-proto",
      message: tsMessage,
      encode: (message) => tpChat.Envelope.encode(message as tpChat.Envelope).finish(),
      decode: (bytes) => tpChat.Envelope.decode(bytes),
      fields: (d) => {
        const e = d as tpChat.Envelope;
        const ms = e.message?.sentAt?.getTime();
        const seconds = ms === undefined ? undefined : BigInt(Math.floor(ms / 1000));
        const nanos = ms === undefined ? undefined : (ms % 1000) * 1_000_000;
        return chatFields(e.seq, e.id, e.message, seconds, nanos);
      },
    },
  ];
})();

function contenders(typeName: string, ours: Codec, message: unknown, fields: (decoded: unknown) => Fields, peers: readonly Peer[]): Contender[] {
  const bytes = ours.encode(message);
  const reflected = reflectionRoot.lookupType(typeName);
  const [pkg, local] = typeName.split(".") as [string, string];
  const staticType = (staticRoot as Record<string, Record<string, StaticType>>)[pkg]?.[local];
  if (staticType === undefined) throw new Error(`no static type ${typeName}`);
  const reflectedMessage = reflected.decode(bytes);
  const staticMessage = staticType.decode(bytes);
  // All must agree on the bytes and the values before any timing means anything.
  const check = (name: string, other: Uint8Array): void => {
    if (Buffer.compare(Buffer.from(other), Buffer.from(bytes)) !== 0) throw new Error(`${name} encodes ${typeName} differently`);
  };
  const expected = fields(message);
  const checkFields = (name: string, got: Fields): void => {
    if (!isDeepStrictEqual(got, expected)) throw new Error(`${name} decodes ${typeName} to other values: ${inspect(got)} vs ${inspect(expected)}`);
  };
  checkFields("rxwire", fields(ours.decode(bytes)));
  check("protobufjs reflection", reflected.encode(reflectedMessage).finish());
  check("protobufjs static", staticType.encode(staticMessage).finish());
  for (const peer of peers) {
    check(peer.name, peer.encode(peer.message));
    const decoded = peer.decode(bytes);
    checkFields(peer.name, peer.fields(decoded));
    check(`${peer.name} (re-encoding what it decoded)`, peer.encode(decoded));
  }
  return [
    { name: "rxwire", encode: () => ours.encode(message), decode: () => ours.decode(bytes) },
    { name: "pbjs reflection", encode: () => reflected.encode(reflectedMessage).finish(), decode: () => reflected.decode(bytes) },
    { name: "pbjs static", encode: () => staticType.encode(staticMessage).finish(), decode: () => staticType.decode(bytes) },
    ...peers.map((p) => ({ name: p.name, encode: () => p.encode(p.message), decode: () => p.decode(bytes) })),
  ];
}

let sink = 0;

type Loop = (fn: () => unknown, n: number) => number;
const loops = new Map<string, Loop>();

/**
 * The timing loop of one contender and operation. Each gets its own copy of
 * the loop's source (a new function, so its own feedback and optimised code):
 * one shared loop would see every contender's closure at its call site, turn
 * megamorphic, and skew the ratios by which contender V8 happened to inline.
 */
function timeLoop(key: string, fn: () => unknown, n: number): number {
  let loop = loops.get(key);
  if (loop === undefined) {
    loop = new Function(
      "hrtime",
      "countUndefined",
      `return function timeLoop(fn, n) { // ${key}
        const start = hrtime();
        for (let i = 0; i < n; i++) { if (fn() === undefined) countUndefined(); }
        return Number(hrtime() - start);
      };`,
    )(process.hrtime.bigint, () => sink++) as Loop;
    loops.set(key, loop);
  }
  return loop(fn, n);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Decode only, from a Node Buffer subarray at an odd offset inside a larger
 * Buffer, as ws hands frames over (binaryType "nodebuffer"): rxwire and
 * protobufjs both have a Buffer-specific string path (utf8Slice) that the
 * Uint8Array rows do not exercise.
 */
function bufferContenders(typeName: string, ours: Codec, message: unknown): Contender[] {
  const bytes = ours.encode(message);
  const pool = Buffer.alloc(bytes.length + 64, 0xff);
  pool.set(bytes, 13);
  const frame = pool.subarray(13, 13 + bytes.length);
  const [pkg, local] = typeName.split(".") as [string, string];
  const staticType = (staticRoot as Record<string, Record<string, StaticType>>)[pkg]?.[local];
  if (staticType === undefined) throw new Error(`no static type ${typeName}`);
  const check = (name: string, other: Uint8Array): void => {
    if (Buffer.compare(Buffer.from(other), Buffer.from(bytes)) !== 0) throw new Error(`${name} decodes a Buffer ${typeName} differently`);
  };
  check("rxwire", ours.encode(ours.decode(frame)));
  check("protobufjs static", staticType.encode(staticType.decode(frame)).finish());
  const none = (): Uint8Array => {
    throw new Error("decode only");
  };
  return [
    { name: "rxwire", encode: none, decode: () => ours.decode(frame) },
    { name: "pbjs static", encode: none, decode: () => staticType.decode(frame) },
  ];
}

function run(label: string, bytes: number, list: readonly Contender[], ops: readonly ("decode" | "encode")[], input = ""): string[] {
  const rows: string[] = [];
  for (const op of ops) {
    const rounds = new Map<string, number[]>(list.map((c) => [c.name, []]));
    const perRound = Math.max(1, Math.floor(ITERATIONS / ROUNDS));
    for (const c of list) timeLoop(`${label}/${input}/${op}/${c.name}`, c[op], Math.min(perRound, 20_000)); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order each round so no codec always runs first (GC, turbo).
      for (let k = 0; k < list.length; k++) {
        const c = list[(k + round) % list.length] as Contender;
        rounds.get(c.name)?.push(timeLoop(`${label}/${input}/${op}/${c.name}`, c[op], perRound) / perRound);
      }
    }
    // The median round: robust against bursts of load from other processes.
    const nsOf = (name: string): number => median(rounds.get(name) ?? []);
    const staticNs = nsOf("pbjs static");
    for (const c of list) {
      const ns = nsOf(c.name);
      rows.push(`| ${label} (${bytes} B) | ${op}${input} | ${c.name} | ${ns.toFixed(1)} | ${(staticNs / ns).toFixed(2)}x |`);
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
  const tickCodec = ticker.Envelope as unknown as Codec;
  const chatCodec = chat.Envelope as unknown as Codec;
  const tickBytes = tickCodec.encode(tickEnvelope).length;
  const chatBytes = chatCodec.encode(chatEnvelope).length;
  const both = ["decode", "encode"] as const;
  const rows = [
    ...run("tick envelope", tickBytes, contenders("ticker.Envelope", tickCodec, tickEnvelope, rxwireTick, tickPeers), both),
    ...run("chat envelope", chatBytes, contenders("chat.Envelope", chatCodec, chatEnvelope, rxwireChat, chatPeers), both),
    ...run("tick envelope", tickBytes, bufferContenders("ticker.Envelope", tickCodec, tickEnvelope), ["decode"], " (Buffer subarray)"),
    ...run("chat envelope", chatBytes, bufferContenders("chat.Envelope", chatCodec, chatEnvelope), ["decode"], " (Buffer subarray)"),
  ];
  for (const row of rows) console.log(row);
  console.log("");
  const root = path.join(here, "..");
  const versionOf = (pkg: string): string =>
    (JSON.parse(readFileSync(path.join(root, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
  console.log(
    `protobuf-es: @bufbuild/protobuf ${versionOf("@bufbuild/protobuf")}, protoc-gen-es target=ts (toBinary/fromBinary). ` +
      `ts-proto ${versionOf("ts-proto")}: forceLong=bigint, other options default (Timestamp as Date, oneof as optional fields). ` +
      `pbjs: protobufjs ${versionOf("protobufjs")}, static-module. ` +
      "Buffer subarray: the same bytes at offset 13 of a larger Node Buffer, as ws delivers frames.",
  );
  console.log("");
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
