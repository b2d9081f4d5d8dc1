/** `ws` with no decoding at all: the ceiling of what a Node client can receive. */
import WebSocket from "ws";
import type { ReceiveClient } from "../receive-client.js";

/**
 * Counts frames only. The end marker is the 4-byte envelope `62 02 08 01`
 * (`ack { id: 1 }`); no payload frame is that short, so one length check finds it.
 */
export const client: ReceiveClient = {
  connect: ({ url, done }) =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      let received = 0;
      ws.on("message", (data: Buffer) => {
        if (data.length === 4 && data[0] === 0x62) done(received);
        else received++;
      });
      ws.once("open", () => resolve({ start: () => ws.send(Uint8Array.of(0)), close: () => ws.terminate() }));
      ws.once("error", reject);
    }),
};
