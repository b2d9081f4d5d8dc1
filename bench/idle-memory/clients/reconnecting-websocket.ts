/** reconnecting-websocket over `ws` with its defaults. */
import { NodeWebSocket, ReconnectingWebSocket } from "../../lib/peer-ctors.js";
import type { IdleClient } from "../idle-client.js";

/** One reconnecting socket per connection. */
export const client: IdleClient = {
  prepare: async () => {},
  open: (url) =>
    new Promise((resolve, reject) => {
      const ws = new ReconnectingWebSocket(url, undefined, { WebSocket: NodeWebSocket });
      ws.binaryType = "arraybuffer";
      ws.onmessage = () => {};
      ws.onopen = () => resolve(ws);
      ws.onerror = reject;
    }),
};
