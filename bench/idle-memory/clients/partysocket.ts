/** partysocket over `ws` with its defaults. */
import { NodeWebSocket, PartySocket } from "../../lib/peer-ctors.js";
import type { IdleClient } from "../idle-client.js";

/** One reconnecting socket per connection. */
export const client: IdleClient = {
  prepare: async () => {},
  open: (url) =>
    new Promise((resolve, reject) => {
      const ws = new PartySocket(url, undefined, { WebSocket: NodeWebSocket });
      ws.binaryType = "arraybuffer";
      ws.onmessage = () => {};
      ws.onopen = () => resolve(ws);
      ws.onerror = reject;
    }),
};
