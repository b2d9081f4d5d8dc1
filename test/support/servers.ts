/**
 * Real servers on 127.0.0.1 for integration tests: a `ws` server that can be
 * restarted on the same port, an HTTP server that refuses every upgrade, and a
 * TCP server that accepts connections and never says a word.
 */
import crypto from "node:crypto";
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
      await closeServer(server);
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

/** Listens on 127.0.0.1 at a free port; the port and a `ws://` URL builder for it. */
async function listenOnLoopback(server: net.Server): Promise<{ port: number; url: (path?: string) => string }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return { port, url: (path = "/") => `ws://127.0.0.1:${port}${path}` };
}

/** Stops `server` listening and resolves once its last connection is gone. */
function closeServer(server: net.Server): Promise<void> {
  return new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Raw sockets a server holds, so `close()` can end them (a server's close waits for its connections). */
function socketSet(): { track(socket: net.Socket): void; destroyAll(): void } {
  const sockets = new Set<net.Socket>();
  return {
    track(socket) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    },
    destroyAll() {
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** An HTTP server that answers every WebSocket upgrade with `status` (401 by default). */
export async function startRejectingServer(status = 401): Promise<ClosableServer> {
  let hits = 0;
  const server = http.createServer((_req, res) => res.writeHead(status).end());
  server.on("upgrade", (_req, socket: net.Socket) => {
    hits++;
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? "Refused"}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  const { port, url } = await listenOnLoopback(server);
  return {
    port,
    url,
    get hits() {
      return hits;
    },
    close: async () => {
      server.closeAllConnections();
      await closeServer(server);
    },
  };
}

/** A TCP server that accepts connections and never answers (the handshake hangs). */
export async function startSilentServer(): Promise<ClosableServer> {
  let hits = 0;
  const sockets = socketSet();
  const server = net.createServer((socket) => {
    hits++;
    sockets.track(socket);
  });
  const { port, url } = await listenOnLoopback(server);
  return {
    port,
    url,
    get hits() {
      return hits;
    },
    close: async () => {
      sockets.destroyAll();
      await closeServer(server);
    },
  };
}

export interface PeerClosingServer extends ClosableServer {
  /** Bytes the client sent on the first connection after its upgrade (its close frame answer is 8). */
  readonly receivedAfterUpgrade: number;
  /** Destroys the first connection: the client's socket finally closes. */
  dropFirst(): void;
}

/**
 * A server whose first connection completes the WebSocket upgrade by hand,
 * sends a close frame (1001) and then keeps the TCP connection open, as a
 * server slow to close does: the client's socket sits in CLOSING (ws waits up
 * to 30 s for the TCP close) while the app still sees it open. Every later
 * connection is piped to `target`.
 */
export async function startPeerClosingServer(target: { port: number }): Promise<PeerClosingServer> {
  let hits = 0;
  let received = 0;
  let first: net.Socket | undefined;
  const sockets = socketSet();
  const track = (socket: net.Socket): void => sockets.track(socket);
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    hits++;
    track(socket);
    if (hits > 1) {
      const upstream = net.connect(target.port, "127.0.0.1");
      track(upstream);
      socket.pipe(upstream).pipe(socket);
      return;
    }
    first = socket;
    let head = "";
    let upgraded = false;
    socket.on("data", (chunk: Buffer) => {
      if (upgraded) {
        received += chunk.length;
        return;
      }
      head += chunk.toString("latin1");
      const key = /sec-websocket-key: *(.*)\r\n/i.exec(head)?.[1]?.trim();
      if (!head.includes("\r\n\r\n") || key === undefined) return;
      upgraded = true;
      const accept = crypto.createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      // A close frame with code 1001, a moment later so the client has surely opened first.
      setTimeout(() => socket.write(Buffer.from([0x88, 0x02, 0x03, 0xe9])), 20);
    });
  });
  const { port, url } = await listenOnLoopback(server);
  return {
    port,
    url,
    get hits() {
      return hits;
    },
    get receivedAfterUpgrade() {
      return received;
    },
    dropFirst: () => first?.destroy(),
    close: async () => {
      sockets.destroyAll();
      await closeServer(server);
    },
  };
}
