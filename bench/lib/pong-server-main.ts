/**
 * A pong server as its own process: `pong-server-main.ts [port]`; prints
 * `PORT <n>` once listening, exits on SIGTERM or when its parent goes away.
 *
 * @module
 */
import { startPongServer } from "./pong-server.js";

const server = await startPongServer(Number(process.argv[2] ?? 0));
process.stdout.write(`PORT ${server.port}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
