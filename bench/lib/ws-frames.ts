/**
 * Raw WebSocket server framing (RFC 6455) so a blast server can write
 * pre-built frames straight onto the TCP socket and never be the bottleneck.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

const handshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** An unmasked server→client binary frame carrying `payload`. */
export function binaryFrame(payload: Uint8Array): Buffer {
  const len = payload.length;
  const headerLength = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + len);
  frame[0] = 0x82; // FIN + binary opcode
  if (len < 126) {
    frame[1] = len;
  } else if (len < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(len, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(len), 2);
  }
  frame.set(payload, headerLength);
  return frame;
}

/**
 * Completes a WebSocket upgrade by hand (no extensions, no subprotocol).
 * Returns false (and destroys the socket) when the request is not a valid upgrade.
 */
export function acceptUpgrade(req: IncomingMessage, socket: Duplex): boolean {
  const key = req.headers["sec-websocket-key"];
  if (typeof key !== "string") {
    socket.destroy();
    return false;
  }
  const accept = createHash("sha1").update(key + handshakeGuid).digest("base64");
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  return true;
}
