/** rxjs `webSocket` over `ws` + protobufjs encode in its serializer. */
import type protobuf from "protobufjs";
import { webSocket } from "rxjs/webSocket";
import { envelopeObject, envelopeType } from "../../lib/payloads.js";
import { NodeWebSocket } from "../../lib/peer-ctors.js";
import { distinctMessages, type SendClient } from "../send-client.js";

/** `subject.next(message)`; the serializer encodes with protobufjs. */
export const client: SendClient = {
  connect: ({ url, kind, replied }) =>
    new Promise((resolve, reject) => {
      const type = envelopeType(kind);
      const messages = Array.from({ length: distinctMessages }, (_, i) => type.fromObject(envelopeObject(kind, i + 1)));
      const subject = webSocket<protobuf.Message>({
        url,
        WebSocketCtor: NodeWebSocket as unknown as typeof globalThis.WebSocket,
        binaryType: "arraybuffer",
        deserializer: () => undefined as unknown as protobuf.Message,
        serializer: (message) => type.encode(message).finish() as Uint8Array<ArrayBuffer>,
        openObserver: {
          next: () =>
            resolve({ send: (i) => subject.next(messages[i % distinctMessages] as protobuf.Message), close: () => sub.unsubscribe() }),
        },
      });
      const sub = subject.subscribe({ next: () => replied(), error: reject });
    }),
};
