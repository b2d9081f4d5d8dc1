/**
 * Benchmark 2: send throughput. Each contender (fresh process per round, rounds
 * interleaved) encodes and sends N envelopes; a raw server counts frames by
 * header only and replies once it has them all. A run counts when the server
 * counted exactly N frames on that child's connection.
 *
 * @module
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { fileURLToPath } from "node:url";
import { runChild } from "../lib/child.js";
import { rounds as roundCount, selectedContenders, selectedKinds, size } from "../lib/config.js";
import { FrameCounter } from "../lib/frame-counter.js";
import { encodeEndMarker, encodeEnvelope, payloadKinds, type PayloadKind } from "../lib/payloads.js";
import { fmtInt, printResult } from "../lib/report.js";
import { profileArgs } from "../lib/profile.js";
import { protobufjsFlavour } from "../lib/protobufjs-codec.js";
import { schemaSource } from "../lib/schema.js";
import { ThroughputSamples } from "../lib/throughput.js";
import { acceptUpgrade, binaryFrame } from "../lib/ws-frames.js";
import { sendClientNames } from "./clients/index.js";

const baseline = "ws + protobufjs";
const messageCounts: Record<PayloadKind, number> = { tick: size(200_000, 20_000), chat: size(50_000, 5_000) };

/** Why a run whose server side counted `counted` frames does not count, or undefined when it is exactly `n`. */
function serverCountError(counted: number | undefined, n: number): string | undefined {
  if (counted === n) return undefined;
  return counted === undefined ? "the server saw no frame of this run" : `the server counted ${counted} frames, not ${n}`;
}

/** Runs the send benchmark and prints its tables. */
export async function runSendBench(): Promise<unknown[]> {
  const server = createServer((_req, res) => res.writeHead(426).end());
  /** Data frames the server counted per run (the `run` query parameter). */
  const counted = new Map<string, number>();
  const sockets = new Set<Duplex>();
  server.on("upgrade", (req, socket) => {
    // Upgraded sockets are no longer the HTTP server's: track them, and end our half when the client leaves.
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("end", () => socket.destroy());
    socket.on("error", () => socket.destroy());
    if (!acceptUpgrade(req, socket)) return;
    const url = new URL(req.url ?? "/", "http://x");
    const expected = Number(url.searchParams.get("n"));
    const run = url.searchParams.get("run") ?? "";
    const reply = binaryFrame(encodeEndMarker(url.pathname.includes("chat") ? "chat" : "tick"));
    const counter = new FrameCounter((n) => {
      counted.set(run, n);
      if (n === expected) socket.write(reply);
    });
    socket.on("data", (chunk: Buffer) => counter.push(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const script = fileURLToPath(new URL("./client-main.ts", import.meta.url));
  const results: unknown[] = [];
  try {
    const contenders = selectedContenders(sendClientNames, baseline);
    for (const kind of selectedKinds(payloadKinds)) {
      const n = messageCounts[kind];
      const samples = new ThroughputSamples(contenders, baseline);
      const rounds = roundCount(5, 1);
      for (let round = 0; round < rounds; round++) {
        for (const name of contenders) {
          const run = `${kind}-${round}-${name}`;
          const url = `ws://127.0.0.1:${port}/${kind}?n=${n}&run=${encodeURIComponent(run)}`;
          const r = await runChild(script, [name, url, kind, String(n)], { timeoutMs: 60_000, nodeArgs: profileArgs(name, `send-${kind}`) });
          // The child's own `sent` is always n and proves nothing; the server's count does. The server
          // replies at its n-th data frame and the child's timer stops on that reply, so an extra data
          // frame (control frames are not counted) would stop it early: the count must be exactly n.
          samples.add(name, n, r, () => serverCountError(counted.get(run), n));
        }
      }
      const bytes = encodeEnvelope(kind, n).length;
      const summary = samples.summaries();
      printResult(
        `send-${kind}`,
        samples.table(`Send (encode + send): ${kind} envelope (~${bytes} B), ${fmtInt(n)} messages, ${rounds} rounds`, [
          `protobufjs: ${protobufjsFlavour} (schemas: ${schemaSource}); target rxwire ≥ 1.00×`,
        ]),
        { kind, messages: n, bytes, rounds, baseline, protobufjs: protobufjsFlavour, ...summary },
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

if (process.argv[1] === fileURLToPath(import.meta.url)) await runSendBench();
