/** The reconnect-storm contenders, each with its library defaults. */
import type { StormClient } from "../storm-client.js";

/** Contender names. */
export const stormClientNames = ["rxwire", "reconnecting-websocket", "reconnecting-websocket (one process)", "partysocket"] as const;

const modules: Record<string, () => Promise<{ client: StormClient }>> = {
  rxwire: () => import("./rxwire.js"),
  "reconnecting-websocket": () => import("./reconnecting-websocket.js"),
  "reconnecting-websocket (one process)": () => import("./reconnecting-websocket-shared.js"),
  partysocket: () => import("./partysocket.js"),
};

/** Loads one contender's adapter by name. */
export async function loadStormClient(name: string): Promise<StormClient> {
  const load = modules[name];
  if (load === undefined) throw new Error(`unknown storm client ${name}`);
  return (await load()).client;
}
