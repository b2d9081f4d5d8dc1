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

/** The `onopen`/`onclose` properties of a peer's WebSocket-like class. */
interface OpenCloseHandlers {
  onopen: ((...args: never[]) => void) | null;
  onclose: ((...args: never[]) => void) | null;
  onerror: ((...args: never[]) => void) | null;
}

/**
 * Reports a peer socket's entries into and exits from the open state through
 * its `onopen`/`onclose` handlers (errors are ignored: a close follows them).
 */
export function reportOpenChanges(ws: OpenCloseHandlers, onOpenChange: (open: boolean) => void): void {
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
}
