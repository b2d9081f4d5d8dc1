/**
 * A TCP proxy on 127.0.0.1:0 that sits between a client and a real server and
 * injects network faults on demand: cut every connection, black-hole traffic
 * (sockets stay open, nothing flows: a half-open link), or delay it.
 */
import net from "node:net";

export interface FaultProxy {
  /** The proxy's port on 127.0.0.1. */
  readonly port: number;
  /** `ws://127.0.0.1:<port><path>` */
  url(path?: string): string;
  /** Number of client connections currently held. */
  readonly connections: number;
  /** Destroys every current connection (both sides); new ones are still accepted. */
  cut(): void;
  /** Stops forwarding in both directions but keeps every socket open. */
  blackhole(): void;
  /** Forwards every chunk after `ms` milliseconds. */
  delay(ms: number): void;
  /** Back to plain forwarding. */
  restore(): void;
  /** Cuts everything, stops listening, clears pending delayed writes. */
  close(): Promise<void>;
}

type Mode = { kind: "forward" } | { kind: "blackhole" } | { kind: "delay"; ms: number };

/** Starts a proxy forwarding to `target` on 127.0.0.1. */
export async function startFaultProxy(target: { port: number; host?: string }): Promise<FaultProxy> {
  const host = target.host ?? "127.0.0.1";
  let mode: Mode = { kind: "forward" };
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const timers = new Set<NodeJS.Timeout>();

  const forward = (to: net.Socket, chunk: Buffer): void => {
    if (mode.kind === "blackhole") return;
    if (mode.kind === "delay") {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!to.destroyed) to.write(chunk);
      }, mode.ms);
      timers.add(timer);
      return;
    }
    if (!to.destroyed) to.write(chunk);
  };

  const server = net.createServer((client) => {
    const upstream = net.connect({ host, port: target.port });
    const pair = { client, upstream };
    pairs.add(pair);
    const drop = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk: Buffer) => forward(upstream, chunk));
    upstream.on("data", (chunk: Buffer) => forward(client, chunk));
    client.on("close", drop);
    upstream.on("close", drop);
    client.on("error", drop);
    upstream.on("error", drop);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  const cut = (): void => {
    for (const pair of [...pairs]) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    pairs.clear();
  };

  return {
    port,
    url: (path = "/") => `ws://127.0.0.1:${port}${path}`,
    get connections() {
      return pairs.size;
    },
    cut,
    blackhole: () => {
      mode = { kind: "blackhole" };
    },
    delay: (ms) => {
      mode = { kind: "delay", ms };
    },
    restore: () => {
      mode = { kind: "forward" };
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
