/** rxwire with a heartbeat: Ping every interval, Pong expected within the timeout. */
import { createClient } from "../../../src/index.js";
import { envelopeCodec, pingEnvelope } from "../../lib/rxwire-envelopes.js";
import type { DeadPeerClient } from "../dead-peer-client.js";

/** Tracks open via state$. */
export const client: DeadPeerClient = {
  describe: (hb) => `heartbeat ${hb.intervalMs} ms + timeout ${hb.timeoutMs} ms`,
  prepare: async () => {},
  start(url, hb, onOpenChange) {
    const codec = envelopeCodec("tick");
    let nonce = 0n;
    const rx = createClient({
      url,
      codec,
      heartbeat: {
        intervalMs: hb.intervalMs,
        timeoutMs: hb.timeoutMs,
        ping: () => pingEnvelope(codec, ++nonce),
        isPong: (m) => m.payload?.case === "pong",
      },
    });
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
