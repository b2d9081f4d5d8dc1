/**
 * Browser bundle size: esbuild-minified, then gzip -9, of a small app that uses
 * `createClient` with one generated envelope (budget: 25 KB gzipped, all-in).
 * Peers' sizes (library + protobufjs/minimal runtime, without message code) are
 * printed for context.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { fmt, printResult } from "./lib/report.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const budgetKB = 25;

interface App {
  name: string;
  /** Files the app needs; when one is missing the row says so. */
  needs: string[];
  source: string;
}

const apps: App[] = [
  {
    name: "rxwire: createClient + ticker Envelope",
    needs: ["src/client.ts", "generated/ticker_pb.ts"],
    source: `import { createClient } from "./src/index.ts";
import { Envelope } from "./generated/ticker_pb.ts";
const client = createClient({ url: "wss://example.invalid/ws", codec: Envelope });
client.on("tick").subscribe((t) => console.log(t.symbol, t.price));
client.state$.subscribe((s) => console.log(s.status));
client.errors$.subscribe((e) => console.error(e.code));
client.connect();
globalThis.client = client;`,
  },
  {
    name: "rxwire wire runtime + ticker_pb (no client)",
    needs: ["src/wire/index.ts", "generated/ticker_pb.ts"],
    source: `import { Envelope } from "./generated/ticker_pb.ts";
globalThis.codec = Envelope;`,
  },
  {
    name: "reconnecting-websocket + protobufjs/minimal",
    needs: [],
    source: `import RWS from "reconnecting-websocket";
import protobuf from "protobufjs/minimal.js";
const ws = new RWS("wss://example.invalid/ws");
ws.onmessage = (e) => console.log(protobuf.Reader.create(new Uint8Array(e.data)).uint32());
globalThis.ws = ws;`,
  },
  {
    name: "partysocket + protobufjs/minimal",
    needs: [],
    source: `import { WebSocket } from "partysocket";
import protobuf from "protobufjs/minimal.js";
const ws = new WebSocket("wss://example.invalid/ws");
ws.onmessage = (e) => console.log(protobuf.Reader.create(new Uint8Array(e.data)).uint32());
globalThis.ws = ws;`,
  },
  {
    name: "rxjs webSocket + protobufjs/minimal",
    needs: [],
    source: `import { webSocket } from "rxjs/webSocket";
import protobuf from "protobufjs/minimal.js";
const subject = webSocket({ url: "wss://example.invalid/ws", binaryType: "arraybuffer",
  deserializer: (e) => protobuf.Reader.create(new Uint8Array(e.data)).uint32() });
subject.subscribe((v) => console.log(v));`,
  },
];

/** Minified bytes in the output per source group (an npm package, or a repo folder). */
type Breakdown = [group: string, bytes: number][];

function groupOf(input: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (pkg !== null) return pkg[1] ?? input;
  return input.replace(/^(src\/[^/]+\/|generated\/).*$/, "$1").replace(/^src\/([^/]+)\.ts$/, "src/$1.ts");
}

/** Minified and gzipped size in bytes of one app, or the reason it cannot be built yet. */
async function measure(app: App): Promise<{ min: number; gzip: number; breakdown: Breakdown } | string> {
  const missing = app.needs.filter((f) => !existsSync(join(repoRoot, f)));
  if (missing.length > 0) return `not on main yet: ${missing.join(", ")}`;
  const result = await build({
    stdin: { contents: app.source, resolveDir: repoRoot, loader: "ts", sourcefile: "app.ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const bytes = result.outputFiles[0]?.contents ?? new Uint8Array();
  const groups = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const group = groupOf(input);
      groups.set(group, (groups.get(group) ?? 0) + bytesInOutput);
    }
  }
  const breakdown = [...groups].sort((a, b) => b[1] - a[1]);
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, breakdown };
}

/** Prints the bundle-size table; returns rxwire's gzipped KB (or undefined). */
export async function runBundleSize(): Promise<number | undefined> {
  const rows: string[][] = [];
  const json: Record<string, unknown>[] = [];
  let rxwireKB: number | undefined;
  let rxwireBreakdown: Breakdown = [];
  for (const app of apps) {
    const m = await measure(app).catch((e: unknown) => (e instanceof Error ? e.message.split("\n")[0] ?? "error" : String(e)));
    if (typeof m === "string") {
      rows.push([app.name, "n/a", "n/a", m]);
      json.push({ name: app.name, error: m });
      continue;
    }
    const gzKB = m.gzip / 1024;
    if (app === apps[0]) {
      rxwireKB = gzKB;
      rxwireBreakdown = m.breakdown;
    }
    rows.push([app.name, fmt(m.min / 1024, 1), fmt(gzKB, 1), app === apps[0] ? (gzKB <= budgetKB ? "within budget" : "OVER budget") : ""]);
    json.push({ name: app.name, minBytes: m.min, gzipBytes: m.gzip });
  }
  printResult(
    "bundle-size",
    {
      title: `Browser bundle size (esbuild --minify, gzip -9; budget ${budgetKB} KB gzipped all-in)`,
      header: ["app", "min KB", "gzip KB", "note"],
      rows,
      notes: [
        "peer rows contain no message code (protobufjs static code would add to them)",
        ...(rxwireBreakdown.length === 0
          ? []
          : [
              "rxwire app, minified bytes by source (before gzip): " +
                rxwireBreakdown
                  .slice(0, 10)
                  .map(([g, b]) => `${g} ${fmt(b / 1024, 1)} KB`)
                  .join(", "),
            ]),
      ],
    },
    { budgetKB, apps: json, rxwireBreakdown },
  );
  return rxwireKB;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runBundleSize();
