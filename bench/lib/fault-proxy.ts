/**
 * A tiny TCP proxy on 127.0.0.1:0 that can blackhole its links: bytes stop
 * flowing both ways while every socket stays open (a dead peer, as after a
 * NAT timeout or a pulled cable: no FIN, no RST).
 *
 * @module
 */
import { createConnection, createServer, type AddressInfo, type Socket } from "node:net";

/** A running fault proxy. */
export interface FaultProxy {
  port: number;
  /** Stops forwarding in both directions; sockets stay open. */
  blackhole(): void;
  /** Forwards again (new bytes only; dropped ones are gone). */
  restore(): void;
  /** Destroys every proxied connection and stops listening. */
  close(): Promise<void>;
}

/** Starts a proxy to `targetPort` on 127.0.0.1. */
export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  let blackholed = false;
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => s.destroy());
  };
  const server = createServer({ noDelay: true }, (client) => {
    const upstream = createConnection({ host: "127.0.0.1", port: targetPort, noDelay: true });
    track(client);
    track(upstream);
    client.on("data", (d) => {
      if (!blackholed) upstream.write(d);
    });
    upstream.on("data", (d) => {
      if (!blackholed) client.write(d);
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  server.maxConnections = 100_000;
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0, backlog: 4096 }, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    blackhole: () => {
      blackholed = true;
    },
    restore: () => {
      blackholed = false;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
