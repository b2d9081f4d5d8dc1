/**
 * `npm run visualize`: the live state-chart page on a running client.
 *
 * Starts the example switches server and a client, then serves the visualizer
 * on 127.0.0.1 and prints its address. Press "kill server" / "restart server"
 * on the page and watch the machine move through reconnecting and back to open.
 * Ctrl-C (or `--seconds N`) stops everything; the process then exits by itself.
 */
import { createClient } from "../src/index.js";
import { Envelope } from "../generated/switches_pb.js";
import { createSwitchServer } from "./switch-server.js";
import { attachVisualizer } from "./visualizer.js";

const secondsFlag = process.argv.indexOf("--seconds");
const runForMs = secondsFlag > 0 ? Number(process.argv[secondsFlag + 1]) * 1000 : undefined;

const server = createSwitchServer({ tickMs: 1_000 });
const port = await server.start();
let nonce = 0n;
const client = createClient({
  url: `ws://127.0.0.1:${port}/`,
  codec: Envelope,
  reconnect: { initialDelayMs: 500, maxDelayMs: 5_000 },
  heartbeat: {
    intervalMs: 2_000,
    timeoutMs: 1_000,
    ping: () => Envelope.create({ payload: { case: "ping", value: { nonce: ++nonce, sentAtMs: BigInt(Date.now()) } } }),
    isPong: (message) => message.payload?.case === "pong",
  },
});
client.connect();

let serverUp = true;
const visualizer = await attachVisualizer(client, {
  controls: {
    "kill server": async () => {
      if (!serverUp) return;
      serverUp = false;
      await server.stop();
    },
    "restart server": async () => {
      if (serverUp) return;
      serverUp = true;
      await server.start(port);
    },
    "close client": () => client.close(1000, "closed from the page"),
    "connect client": () => client.connect(),
  },
});
console.log(`visualizer: ${visualizer.url}  (switches server on ws://127.0.0.1:${port}/)`);

const stop = async (): Promise<void> => {
  await visualizer.close();
  client.dispose();
  if (serverUp) await server.stop();
};
process.once("SIGINT", () => void stop());
if (runForMs !== undefined) setTimeout(() => void stop(), runForMs);
