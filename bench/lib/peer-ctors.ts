/**
 * Imports of the peer libraries, typed loosely at this one boundary (their
 * Node typings disagree with NodeNext resolution and with `ws`'s class).
 *
 * @module
 */
import * as partysocketModule from "partysocket";
import reconnectingWebSocketModule from "reconnecting-websocket";
import WebSocket from "ws";

/** The subset of a browser-style WebSocket the benchmarks use on peers. */
export interface BrowserStyleSocket {
  binaryType: string;
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** A reconnecting peer's constructor: `(url, protocols, options)`. */
export type ReconnectingCtor = new (
  url: string,
  protocols: string[] | undefined,
  options: { WebSocket: unknown } & Record<string, unknown>,
) => BrowserStyleSocket;

/** `ws`'s WebSocket class as a browser-style constructor (what peers get in Node). */
export const NodeWebSocket = WebSocket as unknown as new (url: string, protocols?: string | string[]) => BrowserStyleSocket;

/** reconnecting-websocket's default export (CJS module whose exports object is the class). */
export const ReconnectingWebSocket: ReconnectingCtor = ((reconnectingWebSocketModule as unknown as { default?: unknown })
  .default ?? reconnectingWebSocketModule) as ReconnectingCtor;

/** partysocket's `WebSocket` (its reconnecting socket, without the PartyKit URL helper). */
export const PartySocket: ReconnectingCtor = (partysocketModule as unknown as { WebSocket: ReconnectingCtor }).WebSocket;
