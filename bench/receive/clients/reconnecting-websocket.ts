/** reconnecting-websocket over `ws`, binaryType "arraybuffer", protobufjs decode. */
import { protobufjsDecodeAndTouch } from "../../lib/protobufjs-touch.js";
import { NodeWebSocket, ReconnectingWebSocket } from "../../lib/peer-ctors.js";
import type { ReceiveClient } from "../receive-client.js";

/** Decodes and touches every message with protobufjs. */
export const client: ReceiveClient = {
  connect: async ({ url, kind, done }) => {
    const decode = await protobufjsDecodeAndTouch(kind);
    return new Promise((resolve, reject) => {
      const ws = new ReconnectingWebSocket(url, undefined, { WebSocket: NodeWebSocket, maxRetries: 0 });
      ws.binaryType = "arraybuffer";
      let received = 0;
      ws.onmessage = (ev) => {
        if (decode(new Uint8Array(ev.data as ArrayBuffer))) done(received);
        else received++;
      };
      ws.onopen = () => resolve({ start: () => ws.send(Uint8Array.of(0)), close: () => ws.close() });
      ws.onerror = reject;
    });
  },
};
