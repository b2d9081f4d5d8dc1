/**
 * Diagnostic: the baseline (`ws` + protobufjs encode per send) with the one
 * write-batching trick rxwire's Node transport uses: the first send of a tick
 * corks `ws`'s socket and a microtask uncorks it, so a burst of sends costs
 * one `writev`. Between this row and `rxwire` is what rxwire's encode and
 * client cost or save; between the baseline and this row, what batching the
 * writes alone is worth under this benchmark's bursts of 1000 sends per turn.
 */
import WebSocket from "ws";
import { protobufjsEnvelope } from "../../lib/protobufjs-codec.js";
import { distinctMessages, type SendClient } from "../send-client.js";

interface Corkable {
  cork(): void;
  uncork(): void;
}

/** Encodes protobufjs message instances on every send; corks the socket for the rest of the tick. */
export const client: SendClient = {
  connect: async ({ url, kind, replied }) => {
    const type = await protobufjsEnvelope(kind);
    const messages = Array.from({ length: distinctMessages }, (_, i) => type.message(i + 1));
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.on("message", () => replied());
      ws.once("open", () => {
        // ws keeps its net.Socket in `_socket` (not public API; the same field rxwire's transport uses).
        const socket = (ws as unknown as { _socket: Corkable })._socket;
        let corked = false;
        const uncork = (): void => {
          corked = false;
          socket.uncork();
        };
        resolve({
          send: (i) => {
            if (!corked) {
              corked = true;
              socket.cork();
              queueMicrotask(uncork);
            }
            ws.send(type.encode(messages[i % distinctMessages]).finish());
          },
          close: () => ws.terminate(),
        });
      });
      ws.once("error", reject);
    });
  },
};
