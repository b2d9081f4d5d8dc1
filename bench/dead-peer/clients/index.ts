/** The dead-peer contenders: rxwire with a heartbeat, peers with their defaults (no heartbeat). */
import WebSocket from "ws";
import { loadStormClient } from "../../reconnect-storm/clients/index.js";
import type { DeadPeerClient } from "../dead-peer-client.js";

/** Contender names. */
export const deadPeerClientNames = ["rxwire", "reconnecting-websocket", "partysocket"] as const;

/** A peer wrapped from its reconnect-storm adapter (same defaults, no heartbeat to configure). */
async function peer(name: string): Promise<DeadPeerClient> {
  const storm = await loadStormClient(name);
  return {
    describe: () => "defaults (no heartbeat)",
    prepare: () => storm.prepare(),
    start: (url, _hb, onOpenChange) => storm.start(url, WebSocket, onOpenChange),
  };
}

/** Loads one contender's adapter by name. */
export async function loadDeadPeerClient(name: string): Promise<DeadPeerClient> {
  if (name === "rxwire") return (await import("./rxwire.js")).client;
  return peer(name);
}
