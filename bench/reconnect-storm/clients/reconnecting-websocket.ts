/**
 * reconnecting-websocket with its default options, as each client of a fleet
 * of separate apps or tabs has them. Its default `minReconnectionDelay` is
 * `1000 + Math.random() * 4000`, drawn once when the module loads: every app
 * draws its own, but here 1000 clients share one process and would share one
 * draw. So each client gets its own draw of that same default. The shared
 * draw, what one Node process holding many connections gets, is the
 * `reconnecting-websocket (one process)` row.
 */
import { ReconnectingWebSocket } from "../../lib/peer-ctors.js";
import { reportOpenChanges, type StormClient } from "../storm-client.js";

/** Tracks open via onopen/onclose. */
export const client: StormClient = {
  prepare: async () => {},
  start(url, ctor, onOpenChange) {
    reportOpenChanges(new ReconnectingWebSocket(url, undefined, { WebSocket: ctor, minReconnectionDelay: 1000 + Math.random() * 4000 }), onOpenChange);
  },
};
