/**
 * The public, plain-data view of the connection machine's snapshot.
 *
 * @module
 */
import type { SnapshotFrom } from "xstate";
import type { CloseInfo, connectionMachine } from "./machine.js";
import type { ErrorCode } from "./errors.js";

/** Where the connection is in its lifecycle. */
export type ConnectionStatus = "idle" | "connecting" | "open" | "closing" | "closed" | "reconnecting" | "failed";

/** A snapshot of the connection machine. */
export type ConnectionSnapshot = SnapshotFrom<typeof connectionMachine>;

/** What `state$` emits: the connection's status plus the facts an app may show. */
export interface ConnectionState {
  /** Top-level state of the machine. */
  status: ConnectionStatus;
  /** Reconnect attempts since the last stable connection (0 on the first try). */
  attempt: number;
  /** Delay before the next attempt, while `reconnecting` (undefined while offline). */
  retryDelayMs: number | undefined;
  /** Absolute time (`now()`) of the next attempt, when reconnecting. */
  nextAttemptAt?: number;
  /** How the last connection ended. */
  lastClose: CloseInfo | undefined;
  /** Last known network state. */
  online: boolean;
  /** Why the connection is `failed`. */
  failure?: { code: ErrorCode; message: string };
}

const statuses: ReadonlySet<string> = new Set<ConnectionStatus>([
  "idle",
  "connecting",
  "open",
  "closing",
  "closed",
  "reconnecting",
  "failed",
]);

/** The top-level status of a connection snapshot. */
export function statusOf(snapshot: ConnectionSnapshot): ConnectionStatus {
  const value: unknown = snapshot.value;
  const top = typeof value === "string" ? value : Object.keys(value as object)[0];
  // The transient `deciding` state is always left in the same step; treat it as
  // still-closing-down should a raw inspection event ever show it.
  return top !== undefined && statuses.has(top) ? (top as ConnectionStatus) : "reconnecting";
}

/** Turns a connection snapshot into the plain {@link ConnectionState} apps observe. */
export function toConnectionState(snapshot: ConnectionSnapshot): ConnectionState {
  const { context } = snapshot;
  const state: ConnectionState = {
    status: statusOf(snapshot),
    attempt: context.attempt,
    retryDelayMs: context.retryDelayMs,
    lastClose: context.lastClose,
    online: context.online,
  };
  if (context.nextAttemptAt !== undefined) state.nextAttemptAt = context.nextAttemptAt;
  if (context.failure !== undefined) state.failure = context.failure;
  return state;
}
