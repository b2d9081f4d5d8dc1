/** The baseline: `ws` + protobufjs `Envelope.encode(msg).finish()` per send. */
import WebSocket from "ws";
import { envelopeObject, envelopeType } from "../../lib/payloads.js";
import { distinctMessages, type SendClient } from "../send-client.js";

/** Encodes protobufjs message instances (built once with fromObject) on every send. */
export const client: SendClient = {
  connect: ({ url, kind, replied }) =>
    new Promise((resolve, reject) => {
      const type = envelopeType(kind);
      const messages = Array.from({ length: distinctMessages }, (_, i) => type.fromObject(envelopeObject(kind, i + 1)));
      const ws = new WebSocket(url);
      ws.on("message", () => replied());
      ws.once("open", () =>
        resolve({ send: (i) => ws.send(type.encode(messages[i % distinctMessages] ?? {}).finish()), close: () => ws.terminate() }),
      );
      ws.once("error", reject);
    }),
};
