/**
 * A restartable `ws` server for the browser client test: broadcasts ticker
 * envelopes on demand, counts connections, and can stop and listen again on
 * the same port (a server restart as the client sees it).
 *
 * @module
 */
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { Envelope } from "../../generated/ticker_pb.js";

/** A tick server the test controls. */
export interface TickServer {
  readonly port: number;
  /** Connections accepted since start (across restarts). */
  accepted(): number;
  /** Connections open right now. */
  open(): number;
  /** Sends one tick envelope per symbol to every open connection. */
  broadcast(symbols: readonly string[]): void;
  /** Terminates every connection and stops listening (the port is kept for {@link TickServer.listen}). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  listen(): Promise<void>;
}

/** Starts a tick server on 127.0.0.1 (free port). */
export async function startTickServer(): Promise<TickServer> {
  let accepted = 0;
  let seq = 0n;
  let wss: WebSocketServer | undefined;
  let port = 0;
  const listen = async () => {
    const server = new WebSocketServer({ host: "127.0.0.1", port });
    server.on("connection", (ws) => {
      accepted++;
      ws.on("error", () => {});
    });
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
    port = (server.address() as AddressInfo).port;
    wss = server;
  };
  await listen();
  return {
    get port() {
      return port;
    },
    accepted: () => accepted,
    open: () => wss?.clients.size ?? 0,
    broadcast(symbols) {
      for (const symbol of symbols) {
        const bytes = Envelope.encode(
          Envelope.create({ seq: ++seq, payload: { case: "tick", value: { symbol, price: 101.5, volume: 7n, ts: 1n } } }),
        );
        for (const ws of wss?.clients ?? []) ws.send(bytes);
      }
    },
    async stop() {
      const server = wss;
      wss = undefined;
      if (server === undefined) return;
      for (const ws of server.clients) ws.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
    listen,
  };
}
