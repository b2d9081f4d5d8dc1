/**
 * Benchmark 1: receive + decode throughput. A blast server writes pre-built
 * WebSocket frames straight onto the socket; each contender runs in a fresh
 * process per round, rounds interleaved (A B C … A B C …).
 *
 * @module
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { fileURLToPath } from "node:url";
import { runChild } from "../lib/child.js";
import { diagnosticNodeFlags, diagnosticNotes, rounds as roundCount, selectedContenders, selectedKinds, size } from "../lib/config.js";
import { encodeEndMarker, encodeEnvelope, payloadKinds, type PayloadKind } from "../lib/payloads.js";
import { fmtInt, printResult } from "../lib/report.js";
import { profileArgs } from "../lib/profile.js";
import { protobufjsFlavour } from "../lib/protobufjs-codec.js";
import { schemaSource } from "../lib/schema.js";
import { ThroughputSamples } from "../lib/throughput.js";
import { acceptUpgrade, binaryFrame } from "../lib/ws-frames.js";
import { receiveClientNames } from "./clients/index.js";

const baseline = "ws + protobufjs";
/**
 * `BENCH_FRAMES_SCALE` multiplies the frame counts, a diagnostic: a longer
 * blast shrinks the share of JIT warm-up in each child's CPU. Tables run
 * with it say so; results use the counts the benchmark defines.
 */
const framesScale = Number(process.env["BENCH_FRAMES_SCALE"] ?? 1) || 1;
const frameCounts: Record<PayloadKind, number> = {
  tick: Math.round(size(200_000, 20_000) * framesScale),
  chat: Math.round(size(50_000, 5_000) * framesScale),
};

function buildBlast(kind: PayloadKind, frames: number): Buffer {
  const parts: Buffer[] = [];
  for (let seq = 1; seq <= frames; seq++) parts.push(binaryFrame(encodeEnvelope(kind, seq)));
  parts.push(binaryFrame(encodeEndMarker(kind)));
  return Buffer.concat(parts);
}

/** Runs the receive benchmark and prints its tables; returns the JSON summaries. */
export async function runReceiveBench(): Promise<unknown[]> {
  const kinds = selectedKinds(payloadKinds);
  const blasts = new Map<PayloadKind, Buffer>(kinds.map((k) => [k, buildBlast(k, frameCounts[k])]));
  const server = createServer((_req, res) => res.writeHead(426).end());
  const sockets = new Set<Duplex>();
  server.on("upgrade", (req, socket) => {
    // Upgraded sockets are no longer the HTTP server's: track them, and end our half when the client leaves.
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("end", () => socket.destroy());
    socket.on("error", () => socket.destroy());
    if (!acceptUpgrade(req, socket)) return;
    const kind: PayloadKind = req.url?.includes("chat") === true ? "chat" : "tick";
    // The first client frame (any content) starts the blast.
    socket.once("data", () => socket.write(blasts.get(kind) ?? Buffer.alloc(0)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const script = fileURLToPath(new URL("./client-main.ts", import.meta.url));
  const results: unknown[] = [];
  try {
    const contenders = selectedContenders(receiveClientNames, baseline);
    for (const kind of kinds) {
      const frames = frameCounts[kind];
      const samples = new ThroughputSamples(contenders, baseline);
      const rounds = roundCount(15, 1);
      for (let round = 0; round < rounds; round++) {
        for (const name of contenders) {
          const r = await runChild(script, [name, `ws://127.0.0.1:${port}/${kind}`, kind], {
            timeoutMs: 60_000,
            nodeArgs: [...diagnosticNodeFlags(), ...profileArgs(name, `receive-${kind}`)],
          });
          samples.add(name, frames, r, (v) => (v["received"] === frames ? undefined : `received ${String(v["received"])} of ${frames} frames`));
        }
      }
      const bytes = encodeEnvelope(kind, frames).length;
      const summary = samples.summaries();
      printResult(
        `receive-${kind}`,
        samples.table(`Receive + decode: ${kind} envelope (~${bytes} B), ${fmtInt(frames)} frames, ${rounds} rounds`, [
          `protobufjs: ${protobufjsFlavour} (schemas: ${schemaSource}); target rxwire ≥ 1.30×`,
          ...diagnosticNotes(),
          ...(framesScale === 1 ? [] : [`DIAGNOSTIC RUN: frame counts × ${framesScale} (BENCH_FRAMES_SCALE)`]),
        ]),
        { kind, frames, bytes, rounds, baseline, protobufjs: protobufjsFlavour, ...summary },
      );
      results.push(summary);
    }
  } finally {
    for (const socket of sockets) socket.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runReceiveBench();
