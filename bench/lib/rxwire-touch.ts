/**
 * Touch functions over rxwire-decoded (generated-code) envelopes: read every
 * field, the same work the protobufjs touch does on its objects.
 *
 * @module
 */
import { sink } from "./protobufjs-touch.js";
import type { PayloadKind } from "./payloads.js";

/** An int64 as the generated code represents it (`--int64 bigint`, the default, or `number`). */
type Int64 = bigint | number;

interface RxTick {
  symbol: string;
  price: number;
  volume: Int64;
  ts: Int64;
}
interface RxChat {
  room: string;
  author: string;
  text: string;
  tags: string[];
  attrs: Record<string, string> | Map<string, string>;
  sentAt?: { seconds: Int64; nanos: number } | undefined;
}
interface RxEnvelope {
  seq: Int64;
  payload?: { case: string; value: unknown } | undefined;
}

/**
 * Returns `(envelope) => isEndMarker` for rxwire's decoded envelopes; `zero`
 * is the int64 zero of the code's int64 mode (`0n` by default, `0` for code
 * generated with `--int64 number`).
 */
export function rxwireTouch(kind: PayloadKind, zero: Int64 = 0n): (message: unknown) => boolean {
  if (kind === "tick") {
    return (message) => {
      const m = message as RxEnvelope;
      const p = m.payload;
      if (p?.case !== "tick") return p?.case === "ack";
      const t = p.value as RxTick;
      sink.value += (m.seq === zero ? 0 : 1) + t.symbol.length + t.price + (t.volume === zero ? 0 : 1) + (t.ts === zero ? 0 : 1);
      return false;
    };
  }
  return (message) => {
    const m = message as RxEnvelope;
    const p = m.payload;
    if (p?.case !== "message") return p?.case === "ack";
    const c = p.value as RxChat;
    let n = (m.seq === zero ? 0 : 1) + c.room.length + c.author.length + c.text.length;
    for (const tag of c.tags) n += tag.length;
    if (c.attrs instanceof Map) for (const [k, v] of c.attrs) n += k.length + v.length;
    else for (const key in c.attrs) n += key.length + (c.attrs[key]?.length ?? 0);
    if (c.sentAt !== undefined) n += (c.sentAt.seconds === zero ? 0 : 1) + c.sentAt.nanos;
    sink.value += n;
    return false;
  };
}
