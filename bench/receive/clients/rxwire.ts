/** rxwire: `messages$` subscribed, every message decoded by generated code and touched. */
import { createClient, type EnvelopeCodec } from "../../../src/index.js";
import { envelopeCodec, pingEnvelope, whenOpen } from "../../lib/rxwire-envelopes.js";
import { rxwireTouch } from "../../lib/rxwire-touch.js";
import type { ReceiveClient, ReceiveRun, ReceiveSession } from "../receive-client.js";

/**
 * Runs the rxwire client (defaults except no reconnect: the server hangs up
 * after the blast) with `codec`, whose int64 zero is `zero`, starting the blast
 * with `ping`. Shared with the `--int64 number` diagnostic row.
 */
export async function connectRxwire<T>(
  { url, kind, done }: ReceiveRun,
  codec: EnvelopeCodec<T>,
  zero: bigint | number,
  ping: T,
): Promise<ReceiveSession> {
  const touch = rxwireTouch(kind, zero);
  const rx = createClient({ url, codec, reconnect: false });
  let received = 0;
  rx.messages$.subscribe((m) => {
    if (touch(m)) done(received);
    else received++;
  });
  rx.connect();
  await whenOpen(rx);
  return { start: () => rx.send(ping), close: () => void rx.dispose() };
}

/** The default build: envelopes generated with bigint int64s. */
export const client: ReceiveClient = {
  connect(run) {
    const codec = envelopeCodec(run.kind);
    return connectRxwire(run, codec, 0n, pingEnvelope(codec, 1n));
  },
};
