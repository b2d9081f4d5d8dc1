/**
 * The receive path without sockets: `ws`'s own `Receiver` is fed the blast's
 * bytes in 64 KB chunks inside one process, so what is left is exactly what
 * a client pays per frame (ws's parsing, the decode, the delivery), without
 * the kernel, the server or the loopback in the figures.
 *
 * `npm run bench:receive:in-process` prints two tables per payload:
 * - **warm**: one process, every contender with its own Receiver, fed the
 *   same chunk in turn (rotating order), timed per chunk. Host noise hits
 *   all contenders alike, so the ratios are steady to a few percent; this is
 *   the tool for A/B work on the decode and the client.
 * - **cold**: one fresh process per contender and round, as in the socket
 *   benchmark: CPU per message, the share of it spent on the first tenth of
 *   the frames (JIT warm-up), the CPU per message over the second half (the
 *   steady cost, inside the same cold process), and the share off the main
 *   thread (TurboFan and GC helper threads).
 *
 * Not a test and not part of `npm run bench`; it explains the socket figures.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { createClient, type WebSocketConstructor } from "../../src/index.js";
import { reportResult, runChild, type ChildResult } from "../lib/child.js";
import { diagnosticNodeFlags, diagnosticNotes, rounds as roundCount, selectedKinds } from "../lib/config.js";
import { encodeEnvelope, payloadKinds, type PayloadKind } from "../lib/payloads.js";
import { protobufjsDecodeAndTouch } from "../lib/protobufjs-touch.js";
import { failedRoundsNotes, fmt, fmtInt, fmtRatio, labelWithRounds, printResult } from "../lib/report.js";
import { envelopeCodec } from "../lib/rxwire-envelopes.js";
import { rxwireTouch } from "../lib/rxwire-touch.js";
import { median, summarise, valuesByRound } from "../lib/stats.js";
import { mainThreadCpuMs } from "../lib/thread-cpu.js";
import { binaryFrame } from "../lib/ws-frames.js";

/** Contenders, in table order; the ratios are to "ws + protobufjs". */
const contenders = ["ws (no decode)", "ws + protobufjs", "ws + rxwire codec", "rxwire"] as const;
type Contender = (typeof contenders)[number];
const baseline: Contender = "ws + protobufjs";
const frameCounts: Record<PayloadKind, number> = { tick: 200_000, chat: 50_000 };
const CHUNK = 65_536;

/** The blast of `kind` as the socket would deliver it: 64 KB chunks of pre-built frames. */
function blastChunks(kind: PayloadKind): Buffer[] {
  const parts: Buffer[] = [];
  for (let seq = 1; seq <= frameCounts[kind]; seq++) parts.push(binaryFrame(encodeEnvelope(kind, seq)));
  const blast = Buffer.concat(parts);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < blast.length; offset += CHUNK) chunks.push(Buffer.from(blast.subarray(offset, offset + CHUNK)));
  return chunks;
}

type MessageListener = (data: Buffer, isBinary: boolean) => void;
/** What a cold child reports (see {@link coldChild}). */
type ColdRun = Record<string, number | undefined>;

/**
 * The full rxwire client on its real Node transport, over a stand-in for ws's
 * WebSocket class that hands the client's `message` listener to the caller;
 * `delivered` is called per message `messages$` emits.
 */
async function rxwireListener(kind: PayloadKind, delivered: () => void): Promise<MessageListener> {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  class ReceiverBackedWebSocket {
    binaryType = "nodebuffer";
    constructor(readonly url: string) {}
    on(event: string, listener: (...args: unknown[]) => void): this {
      listeners.set(event, listener.bind(this));
      return this;
    }
    send(): void {}
    close(): void {}
    terminate(): void {}
  }
  const touch = rxwireTouch(kind);
  const client = createClient({
    url: "ws://127.0.0.1:9/",
    codec: envelopeCodec(kind),
    reconnect: false,
    WebSocket: ReceiverBackedWebSocket as unknown as WebSocketConstructor,
  });
  client.messages$.subscribe((message) => {
    touch(message);
    delivered();
  });
  client.connect();
  // The transport is created on the machine's next step; then the socket "opens".
  await new Promise((resolve) => setTimeout(resolve, 0));
  listeners.get("open")?.();
  const onMessage = listeners.get("message");
  if (onMessage === undefined) throw new Error("the rxwire transport registered no message listener");
  return onMessage as MessageListener;
}

/** The `message` listener of `contender`: decode and touch every frame, then call `delivered`. */
async function listenerFor(contender: Contender, kind: PayloadKind, delivered: () => void): Promise<MessageListener> {
  switch (contender) {
    case "ws (no decode)":
      return () => delivered();
    case "ws + protobufjs": {
      const decode = await protobufjsDecodeAndTouch(kind);
      return (data) => {
        decode(data);
        delivered();
      };
    }
    case "ws + rxwire codec": {
      const codec = envelopeCodec(kind);
      const touch = rxwireTouch(kind);
      return (data) => {
        touch(codec.decode(data));
        delivered();
      };
    }
    case "rxwire":
      return rxwireListener(kind, delivered);
  }
}

/** ws's frame parser, client side, as `new WebSocket()` configures it. */
function newReceiver(listener: MessageListener): { write(chunk: Buffer): void } {
  // ws exports its Receiver (WebSocket.Receiver) but @types/ws does not declare it.
  type ReceiverCtor = new (options: Record<string, unknown>) => { write(chunk: Buffer): boolean; on(event: "message", l: MessageListener): void };
  const { Receiver } = WebSocket as unknown as { Receiver: ReceiverCtor };
  const receiver = new Receiver({ binaryType: "nodebuffer", isServer: false, allowSynchronousEvents: true });
  receiver.on("message", listener);
  return receiver;
}

/**
 * Child: all contenders warm in one process, chunk by chunk in rotating order;
 * ns per message per pass, and the messages each contender delivered in all.
 */
async function warmChild(kind: PayloadKind, passes: number): Promise<Record<string, unknown>> {
  const chunks = blastChunks(kind);
  const counters = contenders.map(() => ({ delivered: 0 }));
  const receivers = await Promise.all(
    contenders.map(async (c, j) => {
      const counter = counters[j] ?? { delivered: 0 };
      return newReceiver(await listenerFor(c, kind, () => counter.delivered++));
    }),
  );
  const perPass: number[][] = contenders.map(() => []);
  for (let pass = 0; pass < passes; pass++) {
    const ns = contenders.map(() => 0n);
    for (let i = 0; i < chunks.length; i++) {
      for (let k = 0; k < contenders.length; k++) {
        const j = (i + k) % contenders.length;
        const started = process.hrtime.bigint();
        receivers[j]?.write(chunks[i] as Buffer);
        ns[j] = (ns[j] ?? 0n) + (process.hrtime.bigint() - started);
      }
    }
    ns.forEach((total, j) => perPass[j]?.push(Number(total) / frameCounts[kind]));
  }
  return {
    ns: Object.fromEntries(contenders.map((c, j) => [c, perPass[j] ?? []])),
    delivered: Object.fromEntries(contenders.map((c, j) => [c, counters[j]?.delivered])),
  };
}

/**
 * Child: one contender, cold; CPU per message, first tenth's share, off-main-thread
 * share, CPU per message over the second half of the frames (by then the
 * hot code is optimised: the steady cost inside a cold process), and the
 * messages it delivered.
 */
async function coldChild(contender: Contender, kind: PayloadKind): Promise<ColdRun> {
  const chunks = blastChunks(kind);
  let delivered = 0;
  const receiver = newReceiver(await listenerFor(contender, kind, () => delivered++));
  // Every contender yields to the event loop once before the blast, as the rxwire client must (its
  // transport is created on the next turn), and as every socket child does while it connects: an idle
  // turn after building the blast lets V8 start collecting the set-up garbage, and if only one
  // contender had it, that collection would land in its timed window alone.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const cpuMsSince = (start: NodeJS.CpuUsage) => {
    const cpu = process.cpuUsage(start);
    return (cpu.user + cpu.system) / 1000;
  };
  const cpuStart = process.cpuUsage();
  const mainStart = mainThreadCpuMs();
  const firstTenthEnd = Math.ceil(chunks.length / 10);
  const halfway = Math.floor(chunks.length / 2);
  let firstTenthMs = 0;
  let firstHalfMs = 0;
  for (let i = 0; i < chunks.length; i++) {
    if (i === halfway) firstHalfMs = cpuMsSince(cpuStart);
    receiver.write(chunks[i] as Buffer);
    if (i === firstTenthEnd - 1) firstTenthMs = cpuMsSince(cpuStart);
  }
  const cpuMs = cpuMsSince(cpuStart);
  const main = mainThreadCpuMs();
  const mainCpuMs = main === undefined || mainStart === undefined ? undefined : main - mainStart;
  // Chunks hold whole and split frames alike, so the second half's share of frames is its share of bytes.
  const secondHalfFrames = frameCounts[kind] * ((chunks.length - halfway) / chunks.length);
  return {
    nsPerMessage: (cpuMs * 1e6) / frameCounts[kind],
    secondHalfNsPerMessage: ((cpuMs - firstHalfMs) * 1e6) / secondHalfFrames,
    firstTenthShare: firstTenthMs / cpuMs,
    offMainShare: mainCpuMs === undefined ? undefined : 1 - mainCpuMs / cpuMs,
    delivered,
  };
}

/** Why a cold child's result does not count (it failed, or did not deliver all `frames`), or undefined. */
function coldRunError(result: ChildResult, frames: number): string | undefined {
  if (!result.ok) return result.error;
  const v = result.value;
  if (typeof v["nsPerMessage"] !== "number") return String(v["error"] ?? JSON.stringify(v));
  return v["delivered"] === frames ? undefined : `delivered ${String(v["delivered"])} of ${frames} frames`;
}

const script = fileURLToPath(import.meta.url);

/** Parent: runs the children and prints the tables. */
async function main(): Promise<void> {
  for (const kind of selectedKinds(payloadKinds)) {
    const passes = 4;
    const warm = await runChild(script, ["--warm", kind, String(passes)], { timeoutMs: 300_000, nodeArgs: diagnosticNodeFlags() });
    if (!warm.ok) throw new Error(`warm child failed: ${warm.error}`);
    const { ns, delivered } = warm.value as { ns: Record<Contender, number[]>; delivered: Record<Contender, number> };
    const expected = frameCounts[kind] * passes;
    const deliveryError = (c: Contender) => (delivered[c] === expected ? undefined : `delivered ${String(delivered[c])} of ${expected} frames`);
    // Pass 1 includes the warm-up; passes 2.. are the steady state.
    const steady = (c: Contender) => (deliveryError(c) === undefined ? median((ns[c] ?? []).slice(1)) : Number.NaN);
    const warmRow = (c: Contender) => {
      const error = deliveryError(c);
      if (error !== undefined) return [c, `n/a: ${error}`, "", ""];
      const ratio = steady(baseline) / steady(c);
      return [c, fmt(steady(c), 0), fmt(ns[c]?.[0], 0), Number.isFinite(ratio) ? `${fmt(ratio)}×` : "n/a"];
    };
    printResult(
      `receive-in-process-warm-${kind}`,
      {
        title: `Receive in process, warm: ${kind}, ${fmtInt(frameCounts[kind])} frames × ${passes} passes, contenders alternating chunk by chunk`,
        header: ["client", "ns/msg, passes 2–4 (median)", "ns/msg, pass 1", `vs ${baseline}`],
        rows: contenders.map(warmRow),
        notes: ["ws's Receiver fed the blast's 64 KB chunks in this process; wall time per chunk write", ...diagnosticNotes()],
      },
      { kind, passes, ns, delivered },
    );

    const rounds = roundCount(5, 1);
    // One entry per round, undefined for a failed run, so rounds pair by index with the baseline's.
    const cold = new Map<string, (ColdRun | undefined)[]>(contenders.map((c) => [c, []]));
    const errors = new Map<string, string>();
    for (let round = 0; round < rounds; round++) {
      for (const c of contenders) {
        const r = await runChild(script, ["--cold", c, kind], { timeoutMs: 120_000, nodeArgs: diagnosticNodeFlags() });
        const error = coldRunError(r, frameCounts[kind]);
        if (error !== undefined) errors.set(c, error);
        cold.get(c)?.push(r.ok && error === undefined ? (r.value as ColdRun) : undefined);
      }
    }
    const byRound = (key: string) => new Map(contenders.map((c) => [c, valuesByRound(cold.get(c) ?? [], key)]));
    const medianOf = (c: string, key: string) => median(valuesByRound(cold.get(c) ?? [], key).filter(Number.isFinite));
    const cpu = summarise(byRound("nsPerMessage"), baseline, true);
    const secondHalf = summarise(byRound("secondHalfNsPerMessage"), baseline, true);
    printResult(
      `receive-in-process-cold-${kind}`,
      {
        title: `Receive in process, cold: ${kind}, ${fmtInt(frameCounts[kind])} frames, a fresh process per contender, ${rounds} rounds`,
        header: [
          "client",
          "CPU ns/msg",
          `vs ${baseline}`,
          "CPU in the first tenth of frames",
          "ns/msg, second half",
          "second half vs baseline",
          "CPU off the main thread",
        ],
        rows: cpu.map((own, i) => {
          const half = secondHalf[i];
          return [
            labelWithRounds(own.name, own.rounds, own.roundsRun),
            fmt(own.value.median, 0),
            fmtRatio(own.ratio),
            `${fmt(medianOf(own.name, "firstTenthShare") * 100, 0)} %`,
            fmt(half?.value.median, 0),
            fmtRatio(half?.ratio),
            `${fmt(medianOf(own.name, "offMainShare") * 100, 0)} %`,
          ];
        }),
        notes: [
          "ratios are per round against the baseline of the same round; > 1 is faster",
          ...diagnosticNotes(),
          ...failedRoundsNotes(cpu.map((c) => ({ name: c.name, succeeded: c.rounds, run: c.roundsRun, lastError: errors.get(c.name) }))),
        ],
      },
      { kind, rounds, cold: Object.fromEntries(cold), errors: Object.fromEntries(errors) },
    );
  }
}

const [mode, first = "", second = ""] = process.argv.slice(2);
if (mode === "--warm") {
  reportResult(await warmChild(first as PayloadKind, Number(second)));
  process.exit(0);
} else if (mode === "--cold") {
  reportResult(await coldChild(first as Contender, second as PayloadKind));
  process.exit(0);
} else if (process.argv[1] === script) {
  await main();
}
