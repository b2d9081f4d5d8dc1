/** rxwire with its defaults, `messages$` subscribed, connected. */
import { loadRxwire, whenOpen, type CreateClient } from "../../lib/rxwire-client-shape.js";
import type { EnvelopeCodec } from "../../../src/codec.js";
import type { IdleClient } from "../idle-client.js";

let loaded: { createClient: CreateClient; codec: EnvelopeCodec<unknown> } | undefined;

/** One rxwire client per connection. */
export const client: IdleClient = {
  prepare: async () => {
    loaded = await loadRxwire("tick");
  },
  async open(url) {
    if (loaded === undefined) throw new Error("prepare() first");
    const rx = loaded.createClient({ url, codec: loaded.codec });
    rx.messages$.subscribe(() => {});
    rx.connect();
    await whenOpen(rx);
    return rx;
  },
};
