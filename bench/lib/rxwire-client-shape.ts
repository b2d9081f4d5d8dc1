/**
 * The slice of rxwire's client API the benchmarks use, typed locally so the
 * adapters compile before the client lands on main.
 *
 * @module
 */
import type { EnvelopeCodec } from "../../src/codec.js";
import { NotAvailable, generatedEnvelope, rxwireIndex } from "./rxwire-modules.js";
import type { PayloadKind } from "./payloads.js";

/** Unsubscribe handle. */
export interface Subscription {
  unsubscribe(): void;
}
/** Minimal observable. */
export interface ObservableLike<T> {
  subscribe(observer: ((value: T) => void) | { next?(value: T): void; error?(e: unknown): void }): Subscription;
}
/** The rxwire client surface used here (see h3-client spec). */
export interface RxwireClient {
  state$: ObservableLike<{ status: string }>;
  messages$: ObservableLike<unknown>;
  errors$: ObservableLike<unknown>;
  send(message: unknown): void;
  connect(): void;
  close(code?: number, reason?: string): void;
  dispose(): void;
}
/** `createClient` as the benchmarks call it. */
export type CreateClient = (options: Record<string, unknown>) => RxwireClient;

/** createClient and the generated envelope of `kind`; throws NotAvailable before they land. */
export async function loadRxwire(kind: PayloadKind): Promise<{ createClient: CreateClient; codec: EnvelopeCodec<unknown> }> {
  const [index, codec] = await Promise.all([rxwireIndex(), generatedEnvelope(kind)]);
  if (index === undefined) throw new NotAvailable("createClient is not on main yet");
  if (codec === undefined) throw new NotAvailable(`generated/${kind === "tick" ? "ticker" : "chat"}_pb.ts is not on main yet`);
  return { createClient: index["createClient"] as CreateClient, codec };
}

/** Resolves when the client's state$ reports `open`; rejects on `failed`/`closed` after connecting. */
export function whenOpen(client: RxwireClient): Promise<void> {
  return new Promise((resolve, reject) => {
    let sub: Subscription | undefined;
    let settled = false;
    sub = client.state$.subscribe((s) => {
      if (settled) return;
      if (s.status === "open") {
        settled = true;
        resolve();
        sub?.unsubscribe();
      } else if (s.status === "failed") {
        settled = true;
        reject(new Error("rxwire client failed to connect"));
        sub?.unsubscribe();
      }
    });
    if (settled) sub.unsubscribe();
  });
}

/** A ping envelope: any frame will do to start a blast. */
export function pingEnvelope(codec: EnvelopeCodec<unknown>): unknown {
  return codec.create({ payload: { case: "ping", value: { nonce: 1n, sentAtMs: 0n } } } as never);
}
