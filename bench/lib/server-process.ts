/**
 * Runs a benchmark server in its own process (own heap, own fd limit, killable).
 *
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { nodeCommand } from "./child.js";
import { scriptArgs } from "./compiled.js";

/** A server child process. */
export interface ServerProcess {
  port: number;
  child: ChildProcess;
  /** SIGKILL: the abrupt death a crash or OOM kill looks like to clients. */
  kill(): Promise<void>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
}

const pongServerScript = fileURLToPath(new URL("./pong-server-main.ts", import.meta.url));

/** Starts the pong server process on `port` (0 = free port) with at least `minFds` descriptors. */
export function startPongServerProcess(port = 0, minFds = 8192): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const command = nodeCommand([...scriptArgs(pongServerScript), String(port)], minFds);
    // stdin is a pipe so the server exits on its own if this process dies.
    const child = spawn(command.file, command.args, { stdio: ["pipe", "pipe", "inherit"] });
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("pong server did not start within 20 s"));
    }, 20_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /PORT (\d+)/.exec(out);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners("data");
      resolve({
        port: Number(match[1]),
        child,
        kill: async () => {
          child.kill("SIGKILL");
          await exited;
        },
        stop: async () => {
          child.kill("SIGTERM");
          await exited;
        },
      });
    });
    child.once("error", reject);
  });
}
