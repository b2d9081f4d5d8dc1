/**
 * A hand-written envelope codec for client tests: JSON over UTF-8 bytes, with
 * bigints as strings. It implements the same EnvelopeCodec contract the
 * generated protobuf codecs do, so the client cannot tell the difference.
 */
import type { EnvelopeCodec } from "../../src/codec.js";
import { DecodeError } from "../../src/errors.js";

export interface Ping {
  nonce: bigint;
}
export interface Pong {
  nonce: bigint;
}
export interface Tick {
  symbol: string;
  price: number;
}
export interface Chat {
  text: string;
}
export interface Ack {
  id: bigint;
}

export interface TestEnvelope {
  seq: bigint;
  id: bigint;
  payload?:
    | { case: "ping"; value: Ping }
    | { case: "pong"; value: Pong }
    | { case: "tick"; value: Tick }
    | { case: "chat"; value: Chat }
    | { case: "ack"; value: Ack };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

function replacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? { $bigint: value.toString() } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value === "object" && value !== null && "$bigint" in value) {
    return BigInt((value as { $bigint: string }).$bigint);
  }
  return value;
}

/** The test envelope codec. */
export const TestEnvelope: EnvelopeCodec<TestEnvelope> = {
  typeName: "test.Envelope",
  oneofCases: { ping: "payload", pong: "payload", tick: "payload", chat: "payload", ack: "payload" },
  encode(message) {
    return encoder.encode(JSON.stringify(message, replacer));
  },
  decode(bytes) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(decoder.decode(bytes), reviver);
    } catch (error) {
      throw new DecodeError("malformed test envelope", { typeName: "test.Envelope", cause: error });
    }
    if (typeof parsed !== "object" || parsed === null || typeof (parsed as TestEnvelope).seq !== "bigint") {
      throw new DecodeError("not a test envelope", { typeName: "test.Envelope" });
    }
    return parsed as TestEnvelope;
  },
  create(init) {
    return { seq: 0n, id: 0n, ...init };
  },
};

/** Shorthand: an envelope carrying one payload case. */
export function envelope(payload: TestEnvelope["payload"], seq = 0n, id = 0n): TestEnvelope {
  return payload === undefined ? { seq, id } : { seq, id, payload };
}

/** Shorthand: encoded bytes of an envelope carrying one payload case. */
export function frame(payload: TestEnvelope["payload"], seq = 0n, id = 0n): Uint8Array {
  return TestEnvelope.encode(envelope(payload, seq, id));
}
