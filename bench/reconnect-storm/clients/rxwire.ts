/** rxwire with its default reconnect policy. */
import { createClient, type WebSocketConstructor } from "../../../src/index.js";
import { envelopeCodec } from "../../lib/rxwire-envelopes.js";
import type { StormClient } from "../storm-client.js";

/** Tracks open via state$. */
export const client: StormClient = {
  prepare: async () => {},
  start(url, ctor, onOpenChange) {
    const rx = createClient({ url, codec: envelopeCodec("tick"), WebSocket: ctor as unknown as WebSocketConstructor });
    let open = false;
    rx.state$.subscribe((s) => {
      const now = s.status === "open";
      if (now !== open) onOpenChange(now);
      open = now;
    });
    rx.errors$.subscribe(() => {});
    rx.connect();
  },
};
