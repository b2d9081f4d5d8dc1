/** The receive benchmark's contenders, in report order (baseline second, after the ceiling). */
import type { ReceiveClient } from "../receive-client.js";

/** Contender names; `ws-protobufjs` is the baseline. */
export const receiveClientNames = [
  "ws (no decode)",
  "ws + protobufjs",
  "reconnecting-websocket",
  "partysocket",
  "rxjs webSocket",
  "rxwire",
  "ws + rxwire codec",
  "rxwire (--int64 number)",
  "socket + rxwire codec (no ws)",
] as const;

const modules: Record<string, () => Promise<{ client: ReceiveClient }>> = {
  "ws (no decode)": () => import("./ws-raw.js"),
  "ws + protobufjs": () => import("./ws-protobufjs.js"),
  "reconnecting-websocket": () => import("./reconnecting-websocket.js"),
  partysocket: () => import("./partysocket.js"),
  "rxjs webSocket": () => import("./rxjs-websocket.js"),
  rxwire: () => import("./rxwire.js"),
  "ws + rxwire codec": () => import("./ws-rxwire-codec.js"),
  "rxwire (--int64 number)": () => import("./rxwire-int64-number.js"),
  "socket + rxwire codec (no ws)": () => import("./socket-rxwire-codec.js"),
};

/** Loads one contender's adapter by name. */
export async function loadReceiveClient(name: string): Promise<ReceiveClient> {
  const load = modules[name];
  if (load === undefined) throw new Error(`unknown receive client ${name}`);
  return (await load()).client;
}
