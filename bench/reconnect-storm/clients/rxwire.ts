/** rxwire with its default reconnect policy. */
import type { EnvelopeCodec } from "../../../src/codec.js";
import { loadRxwire, type CreateClient } from "../../lib/rxwire-client-shape.js";
import type { StormClient } from "../storm-client.js";

let loaded: { createClient: CreateClient; codec: EnvelopeCodec<unknown> } | undefined;

/** Tracks open via state$. */
export const client: StormClient = {
  prepare: async () => {
    loaded = await loadRxwire("tick");
  },
  start(url, ctor, onOpenChange) {
    if (loaded === undefined) throw new Error("prepare() first");
    const rx = loaded.createClient({ url, codec: loaded.codec, WebSocket: ctor });
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
