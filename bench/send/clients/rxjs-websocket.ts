/** rxjs `webSocket` over `ws` + protobufjs encode in its serializer. */
import { webSocket } from "rxjs/webSocket";
import { protobufjsEnvelope } from "../../lib/protobufjs-codec.js";
import { NodeWebSocket } from "../../lib/peer-ctors.js";
import { distinctMessages, type SendClient } from "../send-client.js";

/** `subject.next(message)`; the serializer encodes with protobufjs. */
export const client: SendClient = {
  connect: async ({ url, kind, replied }) => {
    const type = await protobufjsEnvelope(kind);
    const messages = Array.from({ length: distinctMessages }, (_, i) => type.message(i + 1));
    return new Promise((resolve, reject) => {
      const subject = webSocket<unknown>({
        url,
        WebSocketCtor: NodeWebSocket as unknown as typeof globalThis.WebSocket,
        binaryType: "arraybuffer",
        deserializer: () => undefined,
        serializer: (message) => type.encode(message).finish() as Uint8Array<ArrayBuffer>,
        openObserver: {
          next: () =>
            resolve({ send: (i) => subject.next(messages[i % distinctMessages]), close: () => sub.unsubscribe() }),
        },
      });
      const sub = subject.subscribe({ next: () => replied(), error: reject });
    });
  },
};
