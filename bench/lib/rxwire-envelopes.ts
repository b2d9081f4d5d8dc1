/**
 * rxwire's side of the benchmarks: the generated envelopes per payload kind and
 * small helpers over the real client.
 *
 * @module
 */
import { filter, firstValueFrom, timeout } from "rxjs";
import { Envelope as ChatEnvelope } from "../../generated/chat_pb.js";
import { Envelope as TickEnvelope } from "../../generated/ticker_pb.js";
import type { Client, EnvelopeCodec } from "../../src/index.js";
import type { PayloadKind } from "./payloads.js";

/** Either benchmark envelope (both have `seq`, `id` and a `payload` oneof with the control cases). */
export type BenchEnvelope = TickEnvelope | ChatEnvelope;

/** The generated envelope codec of a payload kind. */
export function envelopeCodec(kind: PayloadKind): EnvelopeCodec<BenchEnvelope> {
  return (kind === "tick" ? TickEnvelope : ChatEnvelope) as EnvelopeCodec<BenchEnvelope>;
}

/** Resolves once the client is open; rejects if it fails or takes longer than `ms`. */
export async function whenOpen(client: Pick<Client<unknown>, "state$">, ms = 30_000): Promise<void> {
  const state = await firstValueFrom(
    client.state$.pipe(
      filter((s) => s.status === "open" || s.status === "failed"),
      timeout(ms),
    ),
  );
  if (state.status !== "open") throw new Error(`rxwire client ${state.status}: ${state.failure?.message ?? ""}`);
}

/** A Ping envelope (any frame starts a blast; also the heartbeat ping). */
export function pingEnvelope(codec: EnvelopeCodec<BenchEnvelope>, nonce: bigint): BenchEnvelope {
  return codec.create({ payload: { case: "ping", value: { nonce, sentAtMs: 0n } } });
}
