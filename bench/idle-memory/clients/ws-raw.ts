/** Raw `ws`: the baseline, with a message listener as any app would register. */
import WebSocket from "ws";
import type { IdleClient } from "../idle-client.js";

/** One `ws` WebSocket per connection. */
export const client: IdleClient = {
  prepare: async () => {},
  open: (url) =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.on("message", () => {});
      ws.once("open", () => resolve(ws));
      ws.once("error", reject);
    }),
};
