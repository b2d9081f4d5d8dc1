/** Diagnostic: `ws` + rxwire's generated decode, no client (isolates the client's cost). */
import WebSocket from "ws";
import { envelopeCodec } from "../../lib/rxwire-envelopes.js";
import { rxwireTouch } from "../../lib/rxwire-touch.js";
import type { ReceiveClient } from "../receive-client.js";

/** Decodes every frame with the generated codec and touches it, straight from ws's message event. */
export const client: ReceiveClient = {
  connect: async ({ url, kind, done }) => {
    const codec = envelopeCodec(kind);
    const touch = rxwireTouch(kind);
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      let received = 0;
      ws.on("message", (data: Buffer) => {
        if (touch(codec.decode(data))) done(received);
        else received++;
      });
      ws.once("open", () => resolve({ start: () => ws.send(Uint8Array.of(0)), close: () => ws.terminate() }));
      ws.once("error", reject);
    });
  },
};
