/**
 * reconnecting-websocket with its default options untouched, as one Node
 * process holding all 1000 connections gets them (a service or a bot fleet):
 * the default `minReconnectionDelay` is drawn once when the module loads, so
 * every connection of the process shares it and retries in the same instant.
 */
import { ReconnectingWebSocket } from "../../lib/peer-ctors.js";
import { reportOpenChanges, type StormClient } from "../storm-client.js";

/** Tracks open via onopen/onclose. */
export const client: StormClient = {
  prepare: async () => {},
  start(url, ctor, onOpenChange) {
    reportOpenChanges(new ReconnectingWebSocket(url, undefined, { WebSocket: ctor }), onOpenChange);
  },
};
