/** The baseline: `ws` + protobufjs `Envelope.encode(msg).finish()` per send. */
import WebSocket from "ws";
import { protobufjsEnvelope } from "../../lib/protobufjs-codec.js";
import { distinctMessages, type SendClient, type SendRun, type SendSession } from "../send-client.js";

interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Encodes protobufjs message instances (built once with fromObject) on every
 * send. With `corked`, the first send of a tick corks the socket and a
 * microtask uncorks it (the write batching rxwire's Node transport does).
 */
export async function connectWsProtobufjs({ url, kind, replied }: SendRun, corked: boolean): Promise<SendSession> {
  const type = await protobufjsEnvelope(kind);
  const messages = Array.from({ length: distinctMessages }, (_, i) => type.message(i + 1));
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on("message", () => replied());
    ws.once("open", () => {
      const send = (i: number): void => ws.send(type.encode(messages[i % distinctMessages]).finish());
      resolve({ send: corked ? corkingPerTick(ws, send) : send, close: () => ws.terminate() });
    });
    ws.once("error", reject);
  });
}

function corkingPerTick(ws: WebSocket, send: (i: number) => void): (i: number) => void {
  // ws keeps its net.Socket in `_socket` (not public API; the same field rxwire's transport uses).
  const socket = (ws as unknown as { _socket: Corkable })._socket;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  return (i) => {
    if (!corked) {
      corked = true;
      socket.cork();
      queueMicrotask(uncork);
    }
    send(i);
  };
}

/** The baseline, one write per message. */
export const client: SendClient = {
  connect: (run) => connectWsProtobufjs(run, false),
};
