/**
 * A small example server speaking the switches protocol (`proto/switches.proto`)
 * over WebSocket on a loopback port. Reusable by the demo, tests and apps:
 *
 * - `Subscribe { ids }` (empty = all) → the current status of each switch, then
 *   every change as a `SwitchStatus` push;
 * - `SetSwitch` → applies it, replies `Ack { id }` (or `Error` for an unknown
 *   switch) with the request's envelope `id`, and pushes the new status;
 * - `Ping` → `Pong` with the same nonce;
 * - every `tickMs`, one switch (round robin) flips, as if someone pressed it.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { Envelope, type SwitchStatus } from "../generated/switches_pb.js";

/** Options of {@link createSwitchServer}. */
export interface SwitchServerOptions {
  /** Interval between simulated switch flips, in ms (0 = never). @default 700 */
  tickMs?: number;
  /** Initial switches. @default a lamp, a fan and a heater */
  switches?: readonly SwitchStatus[];
}

/** A running (or stopped) example server. */
export interface SwitchServer {
  /** The port it listens on (0 before the first start). */
  readonly port: number;
  /** `ws://127.0.0.1:<port>/` */
  readonly url: string;
  /** Listens on 127.0.0.1 (`port` 0 or omitted = a free port; restarts reuse the last port). Resolves to the port. */
  start(port?: number): Promise<number>;
  /** Drops every connection (abruptly, like a crash) and stops listening. */
  stop(): Promise<void>;
}

const defaultSwitches: readonly SwitchStatus[] = [
  { id: "lamp", name: "Desk lamp", on: false, level: 60 },
  { id: "fan", name: "Ceiling fan", on: true, level: 30 },
  { id: "heater", name: "Heater", on: false, level: 0 },
];

interface Session {
  socket: WebSocket;
  /** undefined: not subscribed; empty set: everything. */
  ids: Set<string> | undefined;
  seq: bigint;
}

/** Creates the example server (not yet listening: call `start()`). */
export function createSwitchServer(options: SwitchServerOptions = {}): SwitchServer {
  const tickMs = options.tickMs ?? 700;
  const switches = new Map((options.switches ?? defaultSwitches).map((s) => [s.id, { ...s }]));
  const sessions = new Set<Session>();
  let server: http.Server | undefined;
  let wss: WebSocketServer | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let port = 0;
  let flips = 0;

  const send = (session: Session, payload: Envelope["payload"], id = 0n): void => {
    session.seq++;
    session.socket.send(Envelope.encode({ seq: session.seq, id, payload }));
  };

  const push = (status: SwitchStatus): void => {
    for (const session of sessions) {
      if (session.ids !== undefined && (session.ids.size === 0 || session.ids.has(status.id))) {
        send(session, { case: "status", value: { ...status } });
      }
    }
  };

  const handle = (session: Session, data: Uint8Array): void => {
    let message: Envelope;
    try {
      message = Envelope.decode(data);
    } catch {
      session.socket.close(1007, "malformed envelope");
      return;
    }
    const payload = message.payload;
    switch (payload?.case) {
      case "ping":
        send(session, { case: "pong", value: { nonce: payload.value.nonce, sentAtMs: payload.value.sentAtMs } });
        break;
      case "subscribe":
        session.ids = new Set(payload.value.ids);
        for (const status of switches.values()) {
          if (session.ids.size === 0 || session.ids.has(status.id)) send(session, { case: "status", value: { ...status } });
        }
        break;
      case "set": {
        const target = switches.get(payload.value.id);
        if (target === undefined) {
          send(session, { case: "error", value: { id: message.id, code: 404, message: `no switch ${payload.value.id}` } }, message.id);
          break;
        }
        target.on = payload.value.on;
        target.level = payload.value.level;
        send(session, { case: "ack", value: { id: message.id } }, message.id);
        push(target);
        break;
      }
      default:
        break;
    }
  };

  const flip = (): void => {
    const all = [...switches.values()];
    const target = all[flips++ % all.length];
    if (target === undefined) return;
    target.on = !target.on;
    target.level = target.on ? 20 + ((flips * 37) % 80) : 0;
    push(target);
  };

  return {
    get port() {
      return port;
    },
    get url() {
      return `ws://127.0.0.1:${port}/`;
    },
    async start(requested?: number) {
      if (server !== undefined) return port;
      const httpServer = http.createServer((_req, res) => res.writeHead(426).end("WebSocket only\n"));
      const wsServer = new WebSocketServer({ server: httpServer });
      wsServer.on("connection", (socket) => {
        const session: Session = { socket, ids: undefined, seq: 0n };
        sessions.add(session);
        socket.on("message", (data: Buffer, isBinary) => {
          if (isBinary) handle(session, data);
          else socket.close(1003, "binary frames only");
        });
        socket.on("close", () => sessions.delete(session));
        socket.on("error", () => sessions.delete(session));
      });
      await new Promise<void>((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(requested ?? port, "127.0.0.1", () => resolve());
      });
      port = (httpServer.address() as AddressInfo).port;
      server = httpServer;
      wss = wsServer;
      if (tickMs > 0) ticker = setInterval(flip, tickMs);
      return port;
    },
    async stop() {
      if (ticker !== undefined) clearInterval(ticker);
      ticker = undefined;
      for (const session of sessions) session.socket.terminate();
      sessions.clear();
      const httpServer = server;
      const wsServer = wss;
      server = undefined;
      wss = undefined;
      if (wsServer !== undefined) await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      if (httpServer !== undefined) {
        httpServer.closeAllConnections();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      }
    },
  };
}
