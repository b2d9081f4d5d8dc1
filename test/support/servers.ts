/**
 * Real servers on 127.0.0.1 for integration tests: a `ws` server that can be
 * restarted on the same port, an HTTP server that refuses every upgrade, and a
 * TCP server that accepts connections and never says a word.
 */
import http from "node:http";
import net from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface TestWsServer {
  /** The port; stays the same across restarts. */
  readonly port: number;
  /** `ws://127.0.0.1:<port><path>` */
  url(path?: string): string;
  /** Connected server-side sockets. */
  readonly sockets: ReadonlySet<WebSocket>;
  /** Number of connections accepted since start (across restarts). */
  readonly accepted: number;
  /** Sends one binary frame to every connected socket. */
  broadcast(data: Uint8Array | string): void;
  /** Terminates every connection and stops listening. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** stop() then start(). */
  restart(): Promise<void>;
}

/** Called for every accepted connection (after restarts too). */
export type ConnectionHandler = (socket: WebSocket, request: http.IncomingMessage) => void;

/** Starts a ws server on 127.0.0.1 (`port` 0 = any free port). */
export async function startTestWsServer(onConnection: ConnectionHandler, port = 0): Promise<TestWsServer> {
  const sockets = new Set<WebSocket>();
  let accepted = 0;
  let httpServer: http.Server | undefined;
  let wss: WebSocketServer | undefined;
  let boundPort = port;

  const start = async (): Promise<void> => {
    const server = http.createServer((_req, res) => res.writeHead(426).end());
    const wsServer = new WebSocketServer({ server });
    wsServer.on("connection", (socket, request) => {
      accepted++;
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
      onConnection(socket, request);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(boundPort, "127.0.0.1", () => resolve());
    });
    boundPort = (server.address() as net.AddressInfo).port;
    httpServer = server;
    wss = wsServer;
  };

  const stop = async (): Promise<void> => {
    for (const socket of sockets) socket.terminate();
    sockets.clear();
    const server = httpServer;
    const wsServer = wss;
    httpServer = undefined;
    wss = undefined;
    if (wsServer !== undefined) await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    if (server !== undefined) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };

  await start();
  return {
    get port() {
      return boundPort;
    },
    url: (path = "/") => `ws://127.0.0.1:${boundPort}${path}`,
    sockets,
    get accepted() {
      return accepted;
    },
    broadcast: (data) => {
      for (const socket of sockets) socket.send(data);
    },
    stop,
    start,
    restart: async () => {
      await stop();
      await start();
    },
  };
}

export interface ClosableServer {
  readonly port: number;
  url(path?: string): string;
  /** Upgrade attempts (or TCP connections) seen so far. */
  readonly hits: number;
  close(): Promise<void>;
}

/** An HTTP server that answers every WebSocket upgrade with `status` (401 by default). */
export async function startRejectingServer(status = 401): Promise<ClosableServer> {
  let hits = 0;
  const server = http.createServer((_req, res) => res.writeHead(status).end());
  server.on("upgrade", (_req, socket: net.Socket) => {
    hits++;
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? "Refused"}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: (path = "/") => `ws://127.0.0.1:${port}${path}`,
    get hits() {
      return hits;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP server that accepts connections and never answers (the handshake hangs). */
export async function startSilentServer(): Promise<ClosableServer> {
  let hits = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    hits++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: (path = "/") => `ws://127.0.0.1:${port}${path}`,
    get hits() {
      return hits;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
