/** rxwire with its defaults, `messages$` subscribed, connected. */
import { createClient } from "../../../src/index.js";
import { envelopeCodec, whenOpen } from "../../lib/rxwire-envelopes.js";
import type { IdleClient } from "../idle-client.js";

/** One rxwire client per connection. */
export const client: IdleClient = {
  prepare: async () => {},
  async open(url) {
    const rx = createClient({ url, codec: envelopeCodec("tick") });
    rx.messages$.subscribe(() => {});
    rx.connect();
    await whenOpen(rx, 60_000);
    return rx;
  },
};
