/**
 * partysocket with its default options: a fixed 3000 ms first delay, growing
 * ×1.3, no randomness anywhere, so a fleet retries in lockstep.
 */
import { PartySocket } from "../../lib/peer-ctors.js";
import { reportOpenChanges, type StormClient } from "../storm-client.js";

/** Tracks open via onopen/onclose. */
export const client: StormClient = {
  prepare: async () => {},
  start(url, ctor, onOpenChange) {
    reportOpenChanges(new PartySocket(url, undefined, { WebSocket: ctor }), onOpenChange);
  },
};
