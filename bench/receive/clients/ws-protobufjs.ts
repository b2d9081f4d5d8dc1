/** The baseline: `ws` (Buffer frames, its native API) + protobufjs decode of every frame. */
import WebSocket from "ws";
import { protobufjsDecodeAndTouch } from "../../lib/protobufjs-touch.js";
import type { ReceiveClient } from "../receive-client.js";

/** Decodes and touches every message with protobufjs. */
export const client: ReceiveClient = {
  connect: async ({ url, kind, done }) => {
    const decode = await protobufjsDecodeAndTouch(kind);
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      let received = 0;
      ws.on("message", (data: Buffer) => {
        if (decode(data)) done(received);
        else received++;
      });
      ws.once("open", () => resolve({ start: () => ws.send(Uint8Array.of(0)), close: () => ws.terminate() }));
      ws.once("error", reject);
    });
  },
};
