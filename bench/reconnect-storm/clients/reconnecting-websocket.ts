/** reconnecting-websocket with its default options. */
import { ReconnectingWebSocket } from "../../lib/peer-ctors.js";
import type { StormClient } from "../storm-client.js";

/** Tracks open via onopen/onclose. */
export const client: StormClient = {
  prepare: async () => {},
  start(url, ctor, onOpenChange) {
    const ws = new ReconnectingWebSocket(url, undefined, { WebSocket: ctor });
    let open = false;
    ws.onopen = () => {
      open = true;
      onOpenChange(true);
    };
    ws.onclose = () => {
      if (open) onOpenChange(false);
      open = false;
    };
    ws.onerror = () => {};
  },
};
