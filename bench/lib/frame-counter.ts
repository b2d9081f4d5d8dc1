/**
 * Counts client→server WebSocket frames on a raw TCP stream by reading only the
 * frame headers (payloads are skipped, never unmasked), so a counting server
 * stays far cheaper than any client it measures.
 *
 * @module
 */

/** Feeds chunks, calls `onFrame` per complete data frame. */
export class FrameCounter {
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of the current frame's payload still to skip. */
  private skip = 0;
  /** Data frames seen. */
  count = 0;

  constructor(private readonly onFrame: (count: number) => void) {}

  /** Consumes one TCP chunk. */
  push(chunk: Buffer): void {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let pos = 0;
    for (;;) {
      if (this.skip > 0) {
        const take = Math.min(this.skip, buf.length - pos);
        this.skip -= take;
        pos += take;
        if (this.skip > 0) break;
      }
      if (buf.length - pos < 2) break;
      const b0 = buf[pos] ?? 0;
      const b1 = buf[pos + 1] ?? 0;
      let len = b1 & 0x7f;
      let header = 2;
      if (len === 126) {
        if (buf.length - pos < 4) break;
        len = buf.readUInt16BE(pos + 2);
        header = 4;
      } else if (len === 127) {
        if (buf.length - pos < 10) break;
        len = Number(buf.readBigUInt64BE(pos + 2));
        header = 10;
      }
      if (b1 & 0x80) header += 4; // mask key
      if (buf.length - pos < header) break;
      pos += header;
      this.skip = len;
      const opcode = b0 & 0x0f;
      if (opcode === 0x1 || opcode === 0x2) {
        this.count++;
        this.onFrame(this.count);
      }
    }
    this.pending = pos < buf.length ? Buffer.from(buf.subarray(pos)) : Buffer.alloc(0);
    buf = this.pending;
  }
}
