/**
 * request() correlation ids in every int64 representation rxwire-gen emits
 * (bigint by default, `--int64 number`, `--int64 string`), against generated
 * envelopes; and auto ids that never collide with ids the app chose itself.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createClient, type Client } from "../src/client.js";
import type { EnvelopeCodec } from "../src/codec.js";
import { runCli } from "../src/codegen/run.js";
import { RequestTimeoutError } from "../src/errors.js";
import { createFakeTransport, TestClock, type FakeTransport } from "../src/testing/index.js";
import { ChatMessage as BigintChatMessage, Envelope as BigintEnvelope } from "../generated/chat_pb.js";
import { ChatMessage as NumberChatMessage, Envelope as NumberEnvelope } from "../bench/fixtures/rxwire-int64-number/chat_pb.js";
import { envelope, TestEnvelope } from "./support/test-codec.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The shape shared by chat.Envelope in every int64 mode, with `I` the id's type. */
interface ChatEnvelope<I> {
  seq: I;
  id: I;
  payload?: { case: "ack"; value: { id: I } } | { case: "message"; value: unknown };
}

// No committed chat.Envelope is generated with --int64 string: generate one from proto/chat.proto.
let stringDir = "";
let StringEnvelope: EnvelopeCodec<ChatEnvelope<string>>;
let StringChatMessage: { create(init?: { text?: string }): unknown };
beforeAll(async () => {
  stringDir = fs.mkdtempSync(path.join(os.tmpdir(), "rxwire-int64-string-"));
  let err = "";
  const code = runCli(
    ["--int64", "string", "--out", stringDir, "--runtime", path.relative(stringDir, path.join(repo, "src/wire/index.js")), "proto/chat.proto"],
    { stdout: () => undefined, stderr: (t) => (err += t), cwd: repo },
  );
  expect(err).toBe("");
  expect(code).toBe(0);
  ({ Envelope: StringEnvelope, ChatMessage: StringChatMessage } = (await import(pathToFileURL(path.join(stringDir, "chat_pb.ts")).href)) as {
    Envelope: EnvelopeCodec<ChatEnvelope<string>>;
    ChatMessage: typeof StringChatMessage;
  });
});
afterAll(() => {
  if (stringDir !== "") fs.rmSync(stringDir, { recursive: true, force: true });
});

const clients: Client<unknown>[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

function openWith<T>(codec: EnvelopeCodec<T>): { client: Client<T>; fake: FakeTransport; clock: TestClock } {
  const fake = createFakeTransport();
  const clock = new TestClock();
  const client = createClient<T>({ url: "ws://test.invalid/", codec, transport: fake.factory, clock });
  clients.push(client as Client<unknown>);
  client.connect();
  fake.open();
  return { client, fake, clock };
}

interface Mode<I> {
  name: string;
  codec: () => EnvelopeCodec<ChatEnvelope<I>>;
  chat: () => { create(init?: { text?: string }): unknown };
  id: (n: number) => I;
  wrong: unknown;
}

const modes: Mode<unknown>[] = [
  { name: "bigint (default)", codec: () => BigintEnvelope as unknown as EnvelopeCodec<ChatEnvelope<unknown>>, chat: () => BigintChatMessage, id: (n) => BigInt(n), wrong: 7 },
  { name: "--int64 number", codec: () => NumberEnvelope as unknown as EnvelopeCodec<ChatEnvelope<unknown>>, chat: () => NumberChatMessage, id: (n) => n, wrong: 7n },
  { name: "--int64 string", codec: () => StringEnvelope as unknown as EnvelopeCodec<ChatEnvelope<unknown>>, chat: () => StringChatMessage, id: (n) => String(n), wrong: 7n },
];

describe.each(modes)("request() with an envelope generated $name", (mode) => {
  const request = (codec: EnvelopeCodec<ChatEnvelope<unknown>>, id?: unknown) =>
    codec.create({
      ...(id === undefined ? {} : { id }),
      payload: { case: "message", value: mode.chat().create({ text: "set lamp on" }) },
    } as Partial<ChatEnvelope<unknown>>);
  const ack = (codec: EnvelopeCodec<ChatEnvelope<unknown>>, id: unknown) =>
    codec.encode(codec.create({ id, payload: { case: "ack", value: { id } } } as Partial<ChatEnvelope<unknown>>));

  it("should stamp an auto id in the envelope's representation and resolve with the reply carrying it", async () => {
    const codec = mode.codec();
    const { client, fake } = openWith(codec);
    const reply = client.request(request(codec), { timeoutMs: 1_000 });
    const sent = codec.decode(fake.socket.sent[0] as Uint8Array);
    expect(sent.id).toStrictEqual(mode.id(1));
    fake.receive(ack(codec, sent.id));
    await expect(reply).resolves.toMatchObject({ id: mode.id(1), payload: { case: "ack" } });
  });

  it("should match a reply to an explicit id", async () => {
    const codec = mode.codec();
    const { client, fake } = openWith(codec);
    const reply = client.request(request(codec, mode.id(7)), { timeoutMs: 1_000 });
    expect(codec.decode(fake.socket.sent[0] as Uint8Array).id).toStrictEqual(mode.id(7));
    fake.receive(ack(codec, mode.id(7)));
    await expect(reply).resolves.toMatchObject({ id: mode.id(7) });
  });

  it("should reject an id of another representation with a TypeError and send nothing", async () => {
    const codec = mode.codec();
    const { client, fake } = openWith(codec);
    await expect(client.request({ ...request(codec), id: mode.wrong })).rejects.toThrow(TypeError);
    expect(fake.socket.sent).toEqual([]);
  });

  it("should carry the id in its representation on RequestTimeoutError", async () => {
    const codec = mode.codec();
    const { client, clock } = openWith(codec);
    const reply = client.request(request(codec), { timeoutMs: 1_000 });
    clock.advance(1_000);
    const error = await reply.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).requestId).toStrictEqual(mode.id(1));
  });
});

describe("request() auto ids", () => {
  it("should skip ids the app chose itself while those are in flight", async () => {
    const { client, fake } = openWith(TestEnvelope);
    const mine = client.request({ ...envelope({ case: "chat", value: { text: "mine" } }), id: 1n });
    const auto = client.request(envelope({ case: "chat", value: { text: "auto" } }));
    const later = client.request({ ...envelope({ case: "chat", value: { text: "mine too" } }), id: 3n });
    const auto2 = client.request(envelope({ case: "chat", value: { text: "auto" } }));
    const ids = fake.socket.sent.map((bytes) => TestEnvelope.decode(bytes).id);
    expect(ids).toEqual([1n, 2n, 3n, 4n]);
    for (const id of ids) fake.receive(TestEnvelope.encode({ seq: 0n, id, payload: { case: "ack", value: { id } } }));
    await expect(Promise.all([mine, auto, later, auto2])).resolves.toMatchObject([{ id: 1n }, { id: 2n }, { id: 3n }, { id: 4n }]);
  });

  it("should reject an envelope type without an id field with a TypeError", async () => {
    const codec: EnvelopeCodec<{ payload?: { case: "x"; value: number } }> = {
      typeName: "test.NoId",
      oneofCases: { x: "payload" },
      encode: () => new Uint8Array(0),
      decode: () => ({}),
      create: (init) => ({ ...init }),
    };
    const { client } = openWith(codec);
    await expect(client.request({})).rejects.toThrow(/id/);
  });
});
