/**
 * A small `ws` server speaking the ticker envelope: it answers every Ping with a
 * Pong (same nonce) and otherwise stays quiet. Used where clients must stay
 * healthy while idle (memory, reconnect storm, dead-peer detection).
 *
 * @module
 */
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { envelopeType } from "./payloads.js";

/** A running pong server. */
export interface PongServer {
  port: number;
  /** Open connections right now. */
  connections(): number;
  close(): Promise<void>;
}

/** Starts a pong server on 127.0.0.1 (`port` 0 picks a free one). */
export async function startPongServer(port = 0): Promise<PongServer> {
  const type = envelopeType("tick");
  const wss = new WebSocketServer({ host: "127.0.0.1", port, backlog: 4096, perMessageDeflate: false });
  wss.on("connection", (ws) => {
    ws.on("error", () => {});
    ws.on("message", (data: Buffer, isBinary) => {
      if (!isBinary) return;
      let ping: { nonce?: unknown; sentAtMs?: unknown } | null | undefined;
      try {
        ping = (type.decode(data) as unknown as { ping?: typeof ping }).ping;
      } catch {
        return;
      }
      if (ping != null) ws.send(type.encode(type.fromObject({ pong: { nonce: ping.nonce, sentAtMs: ping.sentAtMs } })).finish());
    });
  });
  await new Promise<void>((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  return {
    port: (wss.address() as AddressInfo).port,
    connections: () => wss.clients.size,
    close: () =>
      new Promise((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
