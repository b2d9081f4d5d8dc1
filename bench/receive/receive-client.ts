/**
 * The contract between the receive benchmark's harness and one client library.
 * Each contender is one small adapter implementing {@link ReceiveClient}.
 *
 * @module
 */
import type { PayloadKind } from "../lib/payloads.js";

/** What the harness tells a client. */
export interface ReceiveRun {
  url: string;
  kind: PayloadKind;
  /** Called once, when the end marker arrives; `received` counts payload frames (not the marker). */
  done(received: number): void;
}

/** A connected client, ready to ask the server for the blast. */
export interface ReceiveSession {
  /** Sends any one frame; the server answers with the whole blast. */
  start(): void;
  /** Releases the connection (the process exits right after anyway). */
  close(): void;
}

/** One client library under test. */
export interface ReceiveClient {
  /** Connects and resolves once open. */
  connect(run: ReceiveRun): Promise<ReceiveSession>;
}
