/** rxjs `webSocket` over `ws`, subscribed (it connects on subscribe). */
import { webSocket } from "rxjs/webSocket";
import { NodeWebSocket } from "../../lib/peer-ctors.js";
import type { IdleClient } from "../idle-client.js";

/** One subscribed WebSocketSubject per connection. */
export const client: IdleClient = {
  prepare: async () => {},
  open: (url) =>
    new Promise((resolve, reject) => {
      const subject = webSocket<ArrayBuffer>({
        url,
        WebSocketCtor: NodeWebSocket as unknown as typeof globalThis.WebSocket,
        binaryType: "arraybuffer",
        deserializer: (ev: MessageEvent) => ev.data as ArrayBuffer,
        openObserver: { next: () => resolve({ subject, subscription }) },
      });
      const subscription = subject.subscribe({ next: () => {}, error: reject });
    }),
};
