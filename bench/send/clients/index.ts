/** The send benchmark's contenders, in report order. */
import type { SendClient } from "../send-client.js";

/** Contender names; `ws + protobufjs` is the baseline. */
export const sendClientNames = [
  "ws + protobufjs",
  "reconnecting-websocket",
  "partysocket",
  "rxjs webSocket",
  "rxwire",
  "ws + protobufjs (corked)",
] as const;

const modules: Record<string, () => Promise<{ client: SendClient }>> = {
  "ws + protobufjs": () => import("./ws-protobufjs.js"),
  "reconnecting-websocket": () => import("./reconnecting-websocket.js"),
  partysocket: () => import("./partysocket.js"),
  "rxjs webSocket": () => import("./rxjs-websocket.js"),
  rxwire: () => import("./rxwire.js"),
  "ws + protobufjs (corked)": () => import("./ws-protobufjs-corked.js"),
};

/** Loads one contender's adapter by name. */
export async function loadSendClient(name: string): Promise<SendClient> {
  const load = modules[name];
  if (load === undefined) throw new Error(`unknown send client ${name}`);
  return (await load()).client;
}
