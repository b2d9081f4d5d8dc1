/**
 * The contract between the reconnect-storm benchmark and one client library.
 *
 * @module
 */

/** A WebSocket constructor (ws's class, wrapped to count connection attempts). */
export type WebSocketCtor = new (url: string, protocols?: string | string[]) => unknown;

/** One client library under test, with its default reconnect policy. */
export interface StormClient {
  /** Preloads modules. */
  prepare(): Promise<void>;
  /**
   * Starts one client on `url` that opens its sockets with `ctor`, and reports
   * every entry into (`true`) and exit from (`false`) the open state.
   */
  start(url: string, ctor: WebSocketCtor, onOpenChange: (open: boolean) => void): void;
}
