/** The baseline: `ws` + protobufjs `Envelope.encode(msg).finish()` per send. */
import WebSocket from "ws";
import { protobufjsEnvelope } from "../../lib/protobufjs-codec.js";
import { distinctMessages, type SendClient } from "../send-client.js";

/** Encodes protobufjs message instances (built once with fromObject) on every send. */
export const client: SendClient = {
  connect: async ({ url, kind, replied }) => {
    const type = await protobufjsEnvelope(kind);
    const messages = Array.from({ length: distinctMessages }, (_, i) => type.message(i + 1));
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.on("message", () => replied());
      ws.once("open", () =>
        resolve({ send: (i) => ws.send(type.encode(messages[i % distinctMessages]).finish()), close: () => ws.terminate() }),
      );
      ws.once("error", reject);
    });
  },
};
