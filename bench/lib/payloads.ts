/**
 * The two benchmark payloads, in protobufjs plain-object form: a market tick
 * (~40 bytes on the wire) and a chat message (~1 KB of text, tags and a map).
 *
 * @module
 */
import type protobuf from "protobufjs";
import { reflectionTypes } from "./schema.js";

/** The payload kinds every throughput benchmark runs. */
export type PayloadKind = "tick" | "chat";

/** Every payload kind, in report order. */
export const payloadKinds: readonly PayloadKind[] = ["tick", "chat"];

const words =
  "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua".split(" ");

/** ~1000 characters of ASCII prose, deterministic. */
export const chatText: string = (() => {
  let text = "";
  for (let i = 0; text.length < 1000; i++) text += (i === 0 ? "" : " ") + (words[(i * 7) % words.length] ?? "x");
  return text.slice(0, 1000);
})();

/** The envelope with sequence number `seq`, as a protobufjs plain object. */
export function envelopeObject(kind: PayloadKind, seq: number): Record<string, unknown> {
  if (kind === "tick") {
    return { seq, tick: { symbol: "BTC-USD", price: 97123.45 + (seq % 100) / 100, volume: 1234567890 + seq, ts: 1732246000123 + seq } };
  }
  return {
    seq,
    message: {
      room: "general",
      author: "alice",
      text: chatText,
      tags: ["news", "pinned", "en"],
      attrs: { client: "web", lang: "en", thread: "t-42" },
      sentAt: { seconds: 1732246000 + seq, nanos: 123000000 },
    },
  };
}

/** The protobufjs reflection type of a payload kind's envelope. */
export function envelopeType(kind: PayloadKind): protobuf.Type {
  const types = reflectionTypes();
  return kind === "tick" ? types.tickEnvelope : types.chatEnvelope;
}

/** protobufjs-encoded bytes of envelope `seq`. */
export function encodeEnvelope(kind: PayloadKind, seq: number): Uint8Array {
  const type = envelopeType(kind);
  return type.encode(type.fromObject(envelopeObject(kind, seq))).finish();
}

/** The end-of-stream marker every receive client waits for: an envelope whose payload is an `ack`. */
export function encodeEndMarker(kind: PayloadKind): Uint8Array {
  const type = envelopeType(kind);
  return type.encode(type.fromObject({ seq: 0, ack: { id: 1 } })).finish();
}
