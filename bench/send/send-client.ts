/**
 * The contract between the send benchmark's harness and one client library.
 *
 * @module
 */
import type { PayloadKind } from "../lib/payloads.js";

/** What the harness tells a client. */
export interface SendRun {
  url: string;
  kind: PayloadKind;
  /** Called when the server's reply (sent after it counted every message) arrives. */
  replied(): void;
}

/** An open connection. */
export interface SendSession {
  /** Encodes and sends message number `index` of a prebuilt set (the app's message objects). */
  send(index: number): void;
  close(): void;
}

/** One client library under test. */
export interface SendClient {
  connect(run: SendRun): Promise<SendSession>;
}

/** How many distinct prebuilt messages each client cycles through. */
export const distinctMessages = 1024;
