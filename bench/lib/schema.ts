/**
 * protobufjs reflection over the SDK's example schemas, used by the peers and
 * the baseline (and by bench servers to build frames).
 *
 * Loads `proto/` from the repository when present; until the codegen branch has
 * landed it writes the schemas from the spec into a temp dir (not committed as
 * proto files, on purpose: proto/ belongs to the codegen helper).
 *
 * @module
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const fallbackProtos: Record<string, string> = {
  "rxwire/control.proto": `syntax = "proto3";
package rxwire;
message Ping { uint64 nonce = 1; int64 sent_at_ms = 2; }
message Pong { uint64 nonce = 1; int64 sent_at_ms = 2; }
message Ack { uint64 id = 1; }
message Error { uint64 id = 1; uint32 code = 2; string message = 3; }
`,
  "ticker.proto": `syntax = "proto3";
package ticker;
import "rxwire/control.proto";
message Tick { string symbol = 1; double price = 2; int64 volume = 3; int64 ts = 4; }
message Envelope { uint64 seq = 1; uint64 id = 2;
  oneof payload { rxwire.Ping ping = 10; rxwire.Pong pong = 11; rxwire.Ack ack = 12; rxwire.Error error = 13; Tick tick = 20; } }
`,
  "chat.proto": `syntax = "proto3";
package chat;
import "rxwire/control.proto";
import "google/protobuf/timestamp.proto";
message ChatMessage { string room = 1; string author = 2; string text = 3; repeated string tags = 4;
  map<string, string> attrs = 5; google.protobuf.Timestamp sent_at = 6; }
message Envelope { uint64 seq = 1; uint64 id = 2;
  oneof payload { rxwire.Ping ping = 10; rxwire.Pong pong = 11; rxwire.Ack ack = 12; rxwire.Error error = 13; ChatMessage message = 20; } }
`,
};

/** Where the schemas were read from. */
export let schemaSource = "";

function protoDir(): string {
  const own = join(repoRoot, "proto");
  if (existsSync(join(own, "ticker.proto")) && existsSync(join(own, "chat.proto"))) {
    schemaSource = "proto/";
    return own;
  }
  const dir = mkdtempSync(join(tmpdir(), "rxwire-bench-proto-"));
  for (const [name, text] of Object.entries(fallbackProtos)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  schemaSource = "spec copy (proto/ not on main yet)";
  return dir;
}

let cached: protobuf.Root | undefined;

/** The protobufjs Root with ticker, chat and rxwire control types. */
export function loadRoot(): protobuf.Root {
  if (cached !== undefined) return cached;
  const dir = protoDir();
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (existsSync(join(dir, target)) ? join(dir, target) : target);
  root.loadSync(["ticker.proto", "chat.proto"].map((f) => join(dir, f)));
  root.resolveAll();
  cached = root;
  return root;
}

/** The two envelope types of the benchmarks. */
export interface ReflectionTypes {
  tickEnvelope: protobuf.Type;
  chatEnvelope: protobuf.Type;
}

/** protobufjs reflection types of both envelopes. */
export function reflectionTypes(): ReflectionTypes {
  const root = loadRoot();
  return { tickEnvelope: root.lookupType("ticker.Envelope"), chatEnvelope: root.lookupType("chat.Envelope") };
}
