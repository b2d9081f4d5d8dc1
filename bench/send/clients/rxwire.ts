/** rxwire: `client.send(message)` (generated encode + transport send). */
import { createClient } from "../../../src/index.js";
import { envelopeCodec, whenOpen } from "../../lib/rxwire-envelopes.js";
import { rxwireEnvelope } from "../../lib/rxwire-messages.js";
import { distinctMessages, type SendClient } from "../send-client.js";

/** rxwire with defaults except no reconnect. */
export const client: SendClient = {
  async connect({ url, kind, replied }) {
    const codec = envelopeCodec(kind);
    const messages = Array.from({ length: distinctMessages }, (_, i) => rxwireEnvelope(codec, kind, i + 1));
    const rx = createClient({ url, codec, reconnect: false });
    rx.messages$.subscribe(() => replied());
    rx.connect();
    await whenOpen(rx);
    return { send: (i) => rx.send(messages[i % distinctMessages] ?? codec.create()), close: () => void rx.dispose() };
  },
};
