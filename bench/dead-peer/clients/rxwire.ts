/** rxwire with a heartbeat: Ping every interval, Pong expected within the timeout. */
import type { EnvelopeCodec } from "../../../src/codec.js";
import { loadRxwire, type CreateClient } from "../../lib/rxwire-client-shape.js";
import type { DeadPeerClient } from "../dead-peer-client.js";

let loaded: { createClient: CreateClient; codec: EnvelopeCodec<unknown> } | undefined;

/** Tracks open via state$. */
export const client: DeadPeerClient = {
  describe: (hb) => `heartbeat ${hb.intervalMs} ms + timeout ${hb.timeoutMs} ms`,
  prepare: async () => {
    loaded = await loadRxwire("tick");
  },
  start(url, hb, onOpenChange) {
    if (loaded === undefined) throw new Error("prepare() first");
    const codec = loaded.codec;
    let nonce = 0n;
    const rx = loaded.createClient({
      url,
      codec,
      heartbeat: {
        intervalMs: hb.intervalMs,
        timeoutMs: hb.timeoutMs,
        ping: () => codec.create({ payload: { case: "ping", value: { nonce: ++nonce, sentAtMs: 0n } } } as never),
        isPong: (m: { payload?: { case: string } }) => m.payload?.case === "pong",
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
