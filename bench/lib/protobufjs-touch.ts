/**
 * Decode-and-touch functions over protobufjs-decoded envelopes, shared by the
 * baseline and every peer so they all do the same work per message.
 *
 * @module
 */
import type { PayloadKind } from "./payloads.js";
import { protobufjsEnvelope } from "./protobufjs-codec.js";

/** Accumulates every touched field so the work cannot be optimised away. */
export const sink = { value: 0 };

interface LongLike {
  low: number;
  high: number;
}
interface TickEnvelope {
  seq: LongLike | number;
  ack: unknown;
  tick: { symbol: string; price: number; volume: LongLike | number; ts: LongLike | number } | null;
}
interface ChatEnvelope {
  seq: LongLike | number;
  ack: unknown;
  message: {
    room: string;
    author: string;
    text: string;
    tags: string[];
    attrs: Record<string, string>;
    sentAt: { seconds: LongLike | number; nanos: number } | null;
  } | null;
}

function low(v: LongLike | number): number {
  return typeof v === "number" ? v : v.low;
}

/**
 * Returns `(bytes) => isEndMarker`: decodes one envelope with protobufjs
 * (static code when available, else reflection) and reads every field of its payload.
 */
export async function protobufjsDecodeAndTouch(kind: PayloadKind): Promise<(bytes: Uint8Array) => boolean> {
  const type = await protobufjsEnvelope(kind);
  if (kind === "tick") {
    return (bytes) => {
      const m = type.decode(bytes) as unknown as TickEnvelope;
      const t = m.tick;
      if (t === null) return m.ack != null;
      sink.value += low(m.seq) + t.symbol.length + t.price + low(t.volume) + low(t.ts);
      return false;
    };
  }
  return (bytes) => {
    const m = type.decode(bytes) as unknown as ChatEnvelope;
    const c = m.message;
    if (c === null) return m.ack != null;
    let n = low(m.seq) + c.room.length + c.author.length + c.text.length;
    for (const tag of c.tags) n += tag.length;
    for (const key in c.attrs) n += key.length + (c.attrs[key]?.length ?? 0);
    if (c.sentAt !== null) n += low(c.sentAt.seconds) + c.sentAt.nanos;
    sink.value += n;
    return false;
  };
}
