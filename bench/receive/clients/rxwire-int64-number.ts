/**
 * Diagnostic: rxwire exactly as the `rxwire` contender, with envelopes generated
 * by `rxwire-gen --int64 number` (bench/fixtures/rxwire-int64-number/): int64
 * fields become numbers instead of bigints. The gap to `rxwire` is what
 * creating three bigints per tick costs.
 */
import { Envelope as ChatEnvelope } from "../../fixtures/rxwire-int64-number/chat_pb.js";
import { Envelope as TickEnvelope } from "../../fixtures/rxwire-int64-number/ticker_pb.js";
import type { EnvelopeCodec } from "../../../src/index.js";
import type { ReceiveClient } from "../receive-client.js";
import { connectRxwire } from "./rxwire.js";

type NumberEnvelope = TickEnvelope | ChatEnvelope;

/** rxwire with defaults except no reconnect, int64 as number. */
export const client: ReceiveClient = {
  connect(run) {
    const codec = (run.kind === "tick" ? TickEnvelope : ChatEnvelope) as EnvelopeCodec<NumberEnvelope>;
    return connectRxwire(run, codec, 0, codec.create({ payload: { case: "ping", value: { nonce: 1, sentAtMs: 0 } } }));
  },
};
