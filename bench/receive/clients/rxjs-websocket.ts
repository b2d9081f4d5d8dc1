/** rxjs `webSocket` over `ws`, binaryType "arraybuffer", protobufjs decode in its deserializer. */
import { webSocket } from "rxjs/webSocket";
import { protobufjsDecodeAndTouch } from "../../lib/protobufjs-touch.js";
import { NodeWebSocket } from "../../lib/peer-ctors.js";
import type { ReceiveClient } from "../receive-client.js";

/** Decodes and touches every message with protobufjs (in the deserializer, as rxjs intends). */
export const client: ReceiveClient = {
  connect: async ({ url, kind, done }) => {
    const decode = await protobufjsDecodeAndTouch(kind);
    return new Promise((resolve, reject) => {
      let received = 0;
      const subject = webSocket<boolean>({
        url,
        WebSocketCtor: NodeWebSocket as unknown as typeof globalThis.WebSocket,
        binaryType: "arraybuffer",
        deserializer: (ev: MessageEvent) => decode(new Uint8Array(ev.data as ArrayBuffer)),
        serializer: (value) => value as unknown as ArrayBuffer,
        openObserver: { next: () => resolve({ start: () => subject.next(Uint8Array.of(0) as unknown as boolean), close: () => sub.unsubscribe() }) },
      });
      const sub = subject.subscribe({
        next: (isEnd) => {
          if (isEnd) done(received);
          else received++;
        },
        error: reject,
      });
    });
  },
};
