/**
 * The protobufjs codec the baseline and the peers use: pbjs static code from
 * `bench/fixtures/envelopes_static.js` (produced by the codegen work) when it
 * exists, else protobufjs reflection. Every report says which.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { PayloadKind } from "./payloads.js";
import { envelopeObject, envelopeType } from "./payloads.js";

/** Encode/decode of one envelope type, protobufjs style. */
export interface ProtobufjsEnvelope {
  decode(bytes: Uint8Array): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  /** The app-side message for `seq` in the form this flavour encodes best. */
  message(seq: number): unknown;
}

const staticFile = fileURLToPath(new URL("../fixtures/envelopes_static.js", import.meta.url));

/** "static (pbjs)" or "reflection": which flavour {@link protobufjsEnvelope} returns. */
export const protobufjsFlavour: "static (pbjs)" | "reflection" = existsSync(staticFile) ? "static (pbjs)" : "reflection";

type StaticNamespace = Record<string, { Envelope?: ProtobufjsEnvelope } | undefined>;

/** The envelope codec of `kind`, static when available. */
export async function protobufjsEnvelope(kind: PayloadKind): Promise<ProtobufjsEnvelope> {
  if (protobufjsFlavour === "static (pbjs)") {
    const mod = (await import(pathToFileURL(staticFile).href)) as StaticNamespace;
    const envelope = mod[kind === "tick" ? "ticker" : "chat"]?.Envelope;
    if (envelope !== undefined) {
      return {
        decode: (bytes) => envelope.decode(bytes),
        encode: (message) => envelope.encode(message),
        message: (seq) => envelopeObject(kind, seq),
      };
    }
  }
  const type = envelopeType(kind);
  return {
    decode: (bytes) => type.decode(bytes),
    encode: (message) => type.encode(message as never),
    message: (seq) => type.fromObject(envelopeObject(kind, seq)),
  };
}
