/** reconnecting-websocket over `ws` + protobufjs encode. */
import { protobufjsEnvelope } from "../../lib/protobufjs-codec.js";
import { NodeWebSocket, ReconnectingWebSocket } from "../../lib/peer-ctors.js";
import { distinctMessages, type SendClient } from "../send-client.js";

/** Encodes protobufjs message instances on every send. */
export const client: SendClient = {
  connect: async ({ url, kind, replied }) => {
    const type = await protobufjsEnvelope(kind);
    const messages = Array.from({ length: distinctMessages }, (_, i) => type.message(i + 1));
    return new Promise((resolve, reject) => {
      const ws = new ReconnectingWebSocket(url, undefined, { WebSocket: NodeWebSocket, maxRetries: 0 });
      ws.binaryType = "arraybuffer";
      ws.onmessage = () => replied();
      ws.onopen = () =>
        resolve({ send: (i) => ws.send(type.encode(messages[i % distinctMessages]).finish()), close: () => ws.close() });
      ws.onerror = reject;
    });
  },
};
