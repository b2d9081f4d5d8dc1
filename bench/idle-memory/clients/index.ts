/** The idle-memory benchmark's contenders, in report order. */
import type { IdleClient } from "../idle-client.js";

/** Contender names; raw `ws` is the baseline. */
export const idleClientNames = [
  "ws",
  "reconnecting-websocket",
  "partysocket",
  "rxjs webSocket",
  "rxwire",
  "rxwire (state$ + errors$ + on)",
] as const;

const modules: Record<string, () => Promise<{ client: IdleClient }>> = {
  ws: () => import("./ws-raw.js"),
  "reconnecting-websocket": () => import("./reconnecting-websocket.js"),
  partysocket: () => import("./partysocket.js"),
  "rxjs webSocket": () => import("./rxjs-websocket.js"),
  rxwire: () => import("./rxwire.js"),
  "rxwire (state$ + errors$ + on)": () => import("./rxwire-all-streams.js"),
};

/** Loads one contender's adapter by name. */
export async function loadIdleClient(name: string): Promise<IdleClient> {
  const load = modules[name];
  if (load === undefined) throw new Error(`unknown idle client ${name}`);
  return (await load()).client;
}
