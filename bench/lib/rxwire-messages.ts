/**
 * Benchmark payloads in the shape rxwire's generated code uses (bigint int64,
 * oneof as `{ case, value }`), built from the protobufjs plain objects.
 *
 * @module
 */
import type { EnvelopeCodec } from "../../src/index.js";
import type { BenchEnvelope } from "./rxwire-envelopes.js";
import { envelopeObject, type PayloadKind } from "./payloads.js";

/** Envelope `seq` of `kind` as a generated-code message, via `codec.create`. */
export function rxwireEnvelope(codec: EnvelopeCodec<BenchEnvelope>, kind: PayloadKind, seq: number): BenchEnvelope {
  const plain = envelopeObject(kind, seq);
  if (kind === "tick") {
    const t = plain["tick"] as { symbol: string; price: number; volume: number; ts: number };
    return codec.create({
      seq: BigInt(seq),
      payload: { case: "tick", value: { symbol: t.symbol, price: t.price, volume: BigInt(t.volume), ts: BigInt(t.ts) } },
    } as never);
  }
  const c = plain["message"] as {
    room: string;
    author: string;
    text: string;
    tags: string[];
    attrs: Record<string, string>;
    sentAt: { seconds: number; nanos: number };
  };
  return codec.create({
    seq: BigInt(seq),
    payload: {
      case: "message",
      value: { ...c, sentAt: { seconds: BigInt(c.sentAt.seconds), nanos: c.sentAt.nanos } },
    },
  } as never);
}
