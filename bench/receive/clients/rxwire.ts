/** rxwire: `messages$` subscribed, every message decoded by generated code and touched. */
import { createClient } from "../../../src/index.js";
import { envelopeCodec, pingEnvelope, whenOpen } from "../../lib/rxwire-envelopes.js";
import { rxwireTouch } from "../../lib/rxwire-touch.js";
import type { ReceiveClient } from "../receive-client.js";

/** rxwire with defaults except no reconnect (the server hangs up after the blast). */
export const client: ReceiveClient = {
  async connect({ url, kind, done }) {
    const codec = envelopeCodec(kind);
    const touch = rxwireTouch(kind);
    const rx = createClient({ url, codec, reconnect: false });
    let received = 0;
    rx.messages$.subscribe((m) => {
      if (touch(m)) done(received);
      else received++;
    });
    rx.connect();
    await whenOpen(rx);
    return { start: () => rx.send(pingEnvelope(codec, 1n)), close: () => void rx.dispose() };
  },
};
