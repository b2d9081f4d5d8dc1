/**
 * Browser entry for the rxwire client test: the real `createClient` (native
 * WebSocket through the default transport) with the generated ticker envelope.
 * Exposes `window.rx` for the test to drive and inspect.
 */
import { Envelope } from "../../generated/ticker_pb.js";
import { createClient } from "../../src/index.js";

interface PageState {
  statuses: string[];
  online: boolean[];
  ticks: { symbol: string; price: number; volume: string }[];
  errors: string[];
}

const state: PageState = { statuses: [], online: [], ticks: [], errors: [] };
let client: ReturnType<typeof createClient<Envelope>> | undefined;

const page = window as unknown as {
  rigReady: boolean;
  rx: {
    state: PageState;
    start(url: string): void;
    status(): string;
    dispose(): void;
  };
};

page.rx = {
  state,
  start(url) {
    client?.dispose();
    state.statuses = [];
    state.online = [];
    state.ticks = [];
    state.errors = [];
    client = createClient({
      url,
      codec: Envelope,
      reconnect: { initialDelayMs: 50, maxDelayMs: 200, jitter: "none" },
    });
    client.state$.subscribe((s) => {
      if (state.statuses[state.statuses.length - 1] !== s.status) state.statuses.push(s.status);
      state.online.push(s.online);
    });
    client.on("tick").subscribe((t) => state.ticks.push({ symbol: t.symbol, price: t.price, volume: t.volume.toString() }));
    client.errors$.subscribe((e) => state.errors.push(e.code));
    client.connect();
  },
  status: () => state.statuses[state.statuses.length - 1] ?? "none",
  dispose: () => client?.dispose(),
};
page.rigReady = true;
