import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ServerFrameReader } from "../bench/receive/clients/socket-rxwire-codec.js";
import { binaryFrame } from "../bench/lib/ws-frames.js";

/** Payloads of the three header sizes, the 16-bit and 64-bit ones at their edges. */
function payloadsOf(lengths: number[]): Uint8Array[] {
  return lengths.map((n) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff));
}
const payloads = payloadsOf([0, 1, 125, 126, 300, 65_535, 65_536, 70_000]);
const stream = Buffer.concat(payloads.map((p) => binaryFrame(p)));

function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

/** What the reader delivered, as payload lengths and hex digests (toEqual on 200 KB of bytes is slow). */
function readAll(chunks: Buffer[]): string[] {
  const out: string[] = [];
  const reader = new ServerFrameReader((payload) => out.push(digest(payload)));
  for (const chunk of chunks) reader.push(chunk);
  return out;
}

function digest(payload: Uint8Array): string {
  return `${payload.length}:${createHash("sha1").update(payload).digest("hex")}`;
}

describe("bench: the diagnostic server-frame reader", () => {
  it("reads every payload from one chunk", () => {
    expect(readAll([stream])).toEqual(payloads.map(digest));
  });

  it("reads every payload whatever the chunk size, headers and payloads cut anywhere", () => {
    // Tiny chunks on short frames (a cut frame is re-assembled chunk by chunk), larger ones on all.
    const short = payloadsOf([0, 1, 125, 126, 300, 1000]);
    const shortStream = Buffer.concat(short.map((p) => binaryFrame(p)));
    for (const size of [1, 2, 3, 5, 9, 11]) expect(readAll(chunked(shortStream, size)), `chunks of ${size} bytes`).toEqual(short.map(digest));
    for (const size of [127, 4096, 65_536, 66_110]) expect(readAll(chunked(stream, size)), `chunks of ${size} bytes`).toEqual(payloads.map(digest));
  });
});
