/**
 * The contract between the dead-peer benchmark and one client library.
 *
 * @module
 */

/** Heartbeat settings the benchmark configures (ignored by libraries without one). */
export interface HeartbeatSettings {
  intervalMs: number;
  timeoutMs: number;
}

/** One client library under test. */
export interface DeadPeerClient {
  /** Whether the library can detect a silent peer at all, and how it is configured here. */
  readonly describe: (hb: HeartbeatSettings) => string;
  prepare(): Promise<void>;
  /** Starts one client; reports every entry into (`true`) and exit from (`false`) the open state. */
  start(url: string, hb: HeartbeatSettings, onOpenChange: (open: boolean) => void): void;
}
