/**
 * Diagnostic row: rxwire as an app typically holds it, with `state$`,
 * `messages$`, `errors$` and one `on(case)` subscribed. The peers' adapters
 * register only a message handler, as the `rxwire` row subscribes only
 * `messages$`; this row shows what the rest of the reactive API costs.
 */
import { createClient } from "../../../src/index.js";
import { Envelope } from "../../../generated/ticker_pb.js";
import { whenOpen } from "../../lib/rxwire-envelopes.js";
import type { IdleClient } from "../idle-client.js";

/** One rxwire client per connection, every stream subscribed. */
export const client: IdleClient = {
  prepare: async () => {},
  async open(url) {
    const rx = createClient({ url, codec: Envelope });
    rx.state$.subscribe(() => {});
    rx.messages$.subscribe(() => {});
    rx.errors$.subscribe(() => {});
    rx.on("tick").subscribe(() => {});
    rx.connect();
    await whenOpen(rx, 60_000);
    return rx;
  },
};
