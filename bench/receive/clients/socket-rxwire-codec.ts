/**
 * Diagnostic, not a product path: rxwire's generated decode fed by a minimal
 * frame reader on the raw TCP socket, with no `ws` after the handshake. The
 * gap between this row and `ws + rxwire codec` is what `ws`'s per-frame
 * parsing costs a decoding client, i.e. what an own frame reader in the SDK
 * would buy. The SDK does not do this: `ws` is its Node transport, and this
 * reader handles only what the blast server sends (unmasked, unfragmented
 * binary frames, no extensions, no control frames).
 */
import { request } from "node:http";
import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { envelopeCodec } from "../../lib/rxwire-envelopes.js";
import { rxwireTouch } from "../../lib/rxwire-touch.js";
import type { ReceiveClient } from "../receive-client.js";

/** Longest server frame header: 2 bytes + a 64-bit length. */
const MAX_HEADER = 10;

/**
 * Splits a stream of server frames into payloads, each a view into the chunk
 * it arrived in; only a frame cut by a chunk boundary is copied (its start
 * kept from one chunk, then joined with the rest: at most one such frame per
 * 64 KB chunk here, whose frames are at most ~1.1 KB).
 */
export class ServerFrameReader {
  /** The start of a frame that the previous chunk cut off. */
  private partial: Buffer | undefined;

  constructor(private readonly onPayload: (payload: Buffer) => void) {}

  /** Consumes one TCP chunk. */
  push(chunk: Buffer): void {
    let pos = 0;
    if (this.partial !== undefined) {
      pos = this.completePartial(chunk);
      if (pos < 0) return;
    }
    const n = chunk.length;
    while (pos < n) {
      const end = this.frameEnd(chunk, pos);
      if (end < 0 || end > n) {
        this.partial = Buffer.from(chunk.subarray(pos));
        return;
      }
      this.onPayload(chunk.subarray(end - this.payloadLength, end));
      pos = end;
    }
  }

  /** Payload length of the frame {@link frameEnd} last parsed. */
  private payloadLength = 0;

  /** End of the frame starting at `pos`, -1 when its header is incomplete. */
  private frameEnd(buf: Buffer, pos: number): number {
    const available = buf.length - pos;
    if (available < 2) return -1;
    let len = (buf[pos + 1] as number) & 0x7f;
    let header = 2;
    if (len === 126) {
      if (available < 4) return -1;
      len = buf.readUInt16BE(pos + 2);
      header = 4;
    } else if (len === 127) {
      if (available < 10) return -1;
      len = Number(buf.readBigUInt64BE(pos + 2));
      header = 10;
    }
    this.payloadLength = len;
    return pos + header + len;
  }

  /** Finishes the cut frame with the head of `chunk`; returns where the rest of `chunk` starts, or -1. */
  private completePartial(chunk: Buffer): number {
    const partial = this.partial as Buffer;
    let end = this.frameEnd(partial, 0);
    if (end < 0) {
      // The header itself was cut: borrow enough of the chunk to read it.
      const head = Buffer.concat([partial, chunk.subarray(0, MAX_HEADER)]);
      end = this.frameEnd(head, 0);
      if (end < 0) {
        this.partial = Buffer.concat([partial, chunk]);
        return -1;
      }
    }
    const missing = end - partial.length;
    if (missing > chunk.length) {
      this.partial = Buffer.concat([partial, chunk]);
      return -1;
    }
    const frame = Buffer.concat([partial, chunk.subarray(0, missing)]);
    this.partial = undefined;
    this.onPayload(frame.subarray(end - this.payloadLength, end));
    return missing;
  }
}

/** A masked client frame with one zero byte: any frame starts the blast. */
const startFrame = Buffer.from([0x82, 0x81, 0, 0, 0, 0, 0]);

/** Upgrades by hand with node:http, then reads frames straight off the socket. */
export const client: ReceiveClient = {
  connect: ({ url, kind, done }) =>
    new Promise((resolve, reject) => {
      const codec = envelopeCodec(kind);
      const touch = rxwireTouch(kind);
      let received = 0;
      const reader = new ServerFrameReader((payload) => {
        if (touch(codec.decode(payload))) done(received);
        else received++;
      });
      const req = request(url.replace(/^ws:/, "http:"), {
        headers: {
          Connection: "Upgrade",
          Upgrade: "websocket",
          "Sec-WebSocket-Version": "13",
          "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
        },
      });
      req.on("upgrade", (_res, socket: Socket, head: Buffer) => {
        socket.setNoDelay(true);
        socket.on("data", (chunk: Buffer) => reader.push(chunk));
        socket.on("error", () => socket.destroy());
        if (head.length > 0) reader.push(head);
        resolve({ start: () => socket.write(startFrame), close: () => socket.destroy() });
      });
      req.on("response", (res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
      req.on("error", reject);
      req.end();
    }),
};
