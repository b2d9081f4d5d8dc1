/**
 * Loads rxwire's client and generated envelopes for the benchmarks. Until the
 * client and codegen branches are on main these may be missing; contenders that
 * need them are then reported as "not available" instead of failing the run.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { EnvelopeCodec } from "../../src/codec.js";
import type { PayloadKind } from "./payloads.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

async function importIfPresent(relative: string): Promise<Record<string, unknown> | undefined> {
  const file = join(repoRoot, relative);
  if (!existsSync(file)) return undefined;
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

/** The generated `Envelope` codec of a payload kind, or undefined before codegen lands. */
export async function generatedEnvelope(kind: PayloadKind): Promise<EnvelopeCodec<unknown> | undefined> {
  const mod = await importIfPresent(kind === "tick" ? "generated/ticker_pb.ts" : "generated/chat_pb.ts");
  return mod?.["Envelope"] as EnvelopeCodec<unknown> | undefined;
}

/** rxwire's public module when it exports `createClient`, else undefined. */
export async function rxwireIndex(): Promise<Record<string, unknown> | undefined> {
  const mod = await importIfPresent("src/index.ts");
  return typeof mod?.["createClient"] === "function" ? mod : undefined;
}

/** Thrown by a contender whose code is not on main yet. */
export class NotAvailable extends Error {
  override name = "NotAvailable";
}
