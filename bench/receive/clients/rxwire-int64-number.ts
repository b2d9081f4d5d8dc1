/**
 * Diagnostic: rxwire exactly as the `rxwire` contender, with envelopes generated
 * by `rxwire-gen --int64 number` (bench/fixtures/rxwire-int64-number/): int64
 * fields become numbers instead of bigints. The gap to `rxwire` is what
 * creating three bigints per tick costs.
 */
import { Envelope as ChatEnvelope } from "../../fixtures/rxwire-int64-number/chat_pb.js";
import { Envelope as TickEnvelope } from "../../fixtures/rxwire-int64-number/ticker_pb.js";
import { createClient, type EnvelopeCodec } from "../../../src/index.js";
import { whenOpen } from "../../lib/rxwire-envelopes.js";
import { rxwireTouch } from "../../lib/rxwire-touch.js";
import type { ReceiveClient } from "../receive-client.js";

type NumberEnvelope = TickEnvelope | ChatEnvelope;

/** rxwire with defaults except no reconnect, int64 as number. */
export const client: ReceiveClient = {
  async connect({ url, kind, done }) {
    const codec = (kind === "tick" ? TickEnvelope : ChatEnvelope) as EnvelopeCodec<NumberEnvelope>;
    const touch = rxwireTouch(kind, 0);
    const rx = createClient({ url, codec, reconnect: false });
    let received = 0;
    rx.messages$.subscribe((m) => {
      if (touch(m)) done(received);
      else received++;
    });
    rx.connect();
    await whenOpen(rx);
    const ping = codec.create({ payload: { case: "ping", value: { nonce: 1, sentAtMs: 0 } } });
    return { start: () => rx.send(ping), close: () => void rx.dispose() };
  },
};
