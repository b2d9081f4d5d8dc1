/**
 * Diagnostic: the baseline (`ws` + protobufjs encode per send) with the one
 * write-batching trick rxwire's Node transport uses: the first send of a tick
 * corks `ws`'s socket and a microtask uncorks it, so a burst of sends costs
 * one `writev`. Between this row and `rxwire` is what rxwire's encode and
 * client cost or save; between the baseline and this row, what batching the
 * writes alone is worth under this benchmark's bursts of 1000 sends per turn.
 */
import type { SendClient } from "../send-client.js";
import { connectWsProtobufjs } from "./ws-protobufjs.js";

/** The baseline, its writes corked for the rest of each tick. */
export const client: SendClient = {
  connect: (run) => connectWsProtobufjs(run, true),
};
