/** partysocket over `ws` + protobufjs encode. */
import { envelopeObject, envelopeType } from "../../lib/payloads.js";
import { NodeWebSocket, PartySocket } from "../../lib/peer-ctors.js";
import { distinctMessages, type SendClient } from "../send-client.js";

/** Encodes protobufjs message instances on every send. */
export const client: SendClient = {
  connect: ({ url, kind, replied }) =>
    new Promise((resolve, reject) => {
      const type = envelopeType(kind);
      const messages = Array.from({ length: distinctMessages }, (_, i) => type.fromObject(envelopeObject(kind, i + 1)));
      const ws = new PartySocket(url, undefined, { WebSocket: NodeWebSocket, maxRetries: 0 });
      ws.binaryType = "arraybuffer";
      ws.onmessage = () => replied();
      ws.onopen = () =>
        resolve({ send: (i) => ws.send(type.encode(messages[i % distinctMessages] ?? {}).finish()), close: () => ws.close() });
      ws.onerror = reject;
    }),
};
