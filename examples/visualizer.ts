/**
 * A live state-chart page for a running rxwire client.
 *
 * `attachVisualizer(client)` serves, on 127.0.0.1, a page that draws the
 * connection machine (from `describeMachine(connectionMachine)`, so it is the
 * machine that runs, not a picture of it), highlights the client's current
 * state, lists the transitions that can leave it, and logs every transition
 * with its timing. Snapshots reach the page over Server-Sent Events from
 * `client.actor.subscribe`, so watching costs the client nothing per message.
 *
 * Run `npm run visualize` for a switches server plus a client you can break
 * from the page (kill / restart the server) and watch back off and reconnect.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { connectionMachine, describeMachine, toConnectionState, toMermaid } from "../src/index.js";
import type { Client, ConnectionSnapshot } from "../src/index.js";

/** Extra buttons on the page: label → what to do when pressed. */
export type VisualizerControls = Record<string, () => void | Promise<void>>;

/** A running visualizer page. */
export interface Visualizer {
  /** The page's address, e.g. `http://127.0.0.1:39211/`. */
  readonly url: string;
  /** Stops the page's server and its event streams; the client is left alone. */
  close(): Promise<void>;
}

/** What the page receives for every snapshot. */
interface SnapshotMessage {
  readonly at: number;
  readonly value: unknown;
  readonly state: ReturnType<typeof toConnectionState>;
}

function snapshotMessage(snapshot: ConnectionSnapshot): SnapshotMessage {
  return { at: Date.now(), value: snapshot.value, state: toConnectionState(snapshot) };
}

// bigint (none today, but context may grow one) would make JSON.stringify throw.
const toJson = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item));

/**
 * Serves the live page for `client` on 127.0.0.1 (`port` 0 = any free port).
 * The page keeps the last `historyLimit` transitions.
 */
export async function attachVisualizer<T>(
  client: Client<T>,
  options: { port?: number; controls?: VisualizerControls; historyLimit?: number } = {},
): Promise<Visualizer> {
  const chart = describeMachine(connectionMachine);
  const mermaid = toMermaid(connectionMachine);
  const controls = options.controls ?? {};
  const historyLimit = options.historyLimit ?? 200;
  if (!Number.isInteger(historyLimit) || historyLimit < 1) throw new RangeError(`historyLimit must be a whole number ≥ 1, got ${historyLimit}`);
  const history: SnapshotMessage[] = [snapshotMessage(client.actor.getSnapshot())];
  const streams = new Set<ServerResponse>();

  const subscription = client.actor.subscribe((snapshot) => {
    const message = snapshotMessage(snapshot);
    history.push(message);
    if (history.length > historyLimit) history.shift();
    const frame = `event: snapshot\ndata: ${toJson(message)}\n\n`;
    for (const stream of streams) stream.write(frame);
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (request.method === "GET" && path === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      response.end(renderPage(Object.keys(controls), historyLimit));
      return;
    }
    if (request.method === "GET" && path === "/events") {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
      response.write(`event: chart\ndata: ${toJson({ chart, mermaid })}\n\n`);
      for (const message of history) response.write(`event: snapshot\ndata: ${toJson(message)}\n\n`);
      streams.add(response);
      request.on("close", () => streams.delete(response));
      return;
    }
    const name = request.method === "POST" && path.startsWith("/control/") ? decodeURIComponent(path.slice(9)) : undefined;
    // Own keys only: "/control/toString" must not run Object.prototype.toString.
    const control = name !== undefined && Object.hasOwn(controls, name) ? controls[name] : undefined;
    if (control !== undefined) {
      await control();
      response.writeHead(204).end();
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" }).end("not found");
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      subscription.unsubscribe();
      for (const stream of streams) stream.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page: plain DOM, no framework, no network beyond its own origin (works under a strict CSP). */
function renderPage(controlNames: readonly string[], historyLimit: number): string {
  const buttons = controlNames
    .map((name) => `<button data-control="${escapeHtml(name)}">${escapeHtml(name)}</button>`)
    .join(" ");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rxwire · connection machine</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 16px; color: #1f2328; }
  h1 { font-size: 18px; margin: 0 0 8px; }
  #summary { font: 600 16px ui-monospace, monospace; margin: 8px 0 12px; }
  .layout { display: grid; grid-template-columns: minmax(320px, 1fr) minmax(320px, 1fr); gap: 16px; }
  .state { border: 1px solid #8c959f; border-radius: 8px; padding: 6px 10px; margin: 6px 0; background: #fff; }
  .state > .name { font-weight: 600; font-family: ui-monospace, monospace; }
  .state.active { border: 2px solid #1a7f37; background: #dafbe1; }
  .state.final > .name::after { content: " (final)"; font-weight: 400; color: #57606a; }
  .edges { margin: 2px 0 0 12px; padding: 0; list-style: none; color: #57606a; font-size: 12px; }
  .state.active > .edges { color: #1f2328; }
  table { border-collapse: collapse; width: 100%; font: 12px ui-monospace, monospace; }
  td, th { border-bottom: 1px solid #d0d7de; padding: 3px 6px; text-align: left; vertical-align: top; }
  pre { background: #f6f8fa; padding: 8px; overflow: auto; font-size: 11px; }
  button { margin-right: 6px; }
</style></head>
<body>
<h1>rxwire connection machine (live)</h1>
<div>${buttons}</div>
<div id="summary">waiting for the client…</div>
<div class="layout">
  <section><h2>States</h2><div id="chart"></div></section>
  <section><h2>Transitions</h2>
    <table><thead><tr><th>time</th><th>from</th><th>to</th><th>details</th></tr></thead><tbody id="log"></tbody></table>
  </section>
</div>
<details><summary>Mermaid source (paste into any Mermaid renderer)</summary><pre id="mermaid"></pre></details>
<script>
(() => {
  const nodes = new Map();
  let previous;
  const activePaths = (value, prefix) => {
    if (typeof value === "string") return [prefix ? prefix + "." + value : value];
    const paths = [];
    for (const [key, child] of Object.entries(value || {})) {
      const path = prefix ? prefix + "." + key : key;
      paths.push(path, ...activePaths(child, path));
    }
    return paths;
  };
  const label = (value) => activePaths(value, "").filter((p, _, all) => !all.some((q) => q.startsWith(p + "."))).join(", ");
  const log = document.getElementById("log");
  const drawChart = ({ chart, mermaid }) => {
    // Sent first on every (re)connection of the event stream, then the whole history
    // again: start the log afresh rather than append a copy with a bogus transition.
    log.textContent = "";
    previous = undefined;
    document.body.dataset.streams = String(Number(document.body.dataset.streams || 0) + 1);
    document.getElementById("mermaid").textContent = mermaid;
    const root = document.getElementById("chart");
    root.textContent = "";
    nodes.clear();
    for (const path of chart.states) {
      const box = document.createElement("div");
      box.className = "state" + (chart.finals.includes(path) ? " final" : "");
      box.dataset.path = path;
      const name = document.createElement("div");
      name.className = "name";
      name.textContent = path.slice(path.lastIndexOf(".") + 1);
      const edges = document.createElement("ul");
      edges.className = "edges";
      for (const edge of chart.edges.filter((e) => e.from === path)) {
        const item = document.createElement("li");
        item.textContent = edge.trigger + (edge.guard ? " [" + edge.guard + "]" : "") + " → " + edge.to +
          (edge.actions.length ? " / " + edge.actions.join(", ") : "");
        edges.append(item);
      }
      box.append(name, edges);
      const parent = path.includes(".") ? nodes.get(path.slice(0, path.lastIndexOf("."))) : root;
      (parent || root).append(box);
      nodes.set(path, box);
    }
  };
  const drawSnapshot = (message) => {
    const active = new Set(activePaths(message.value, ""));
    for (const [path, box] of nodes) box.classList.toggle("active", active.has(path));
    const s = message.state;
    const facts = [s.status, "attempt " + s.attempt];
    if (s.retryDelayMs !== undefined) facts.push("retry in " + s.retryDelayMs + " ms");
    if (s.lastClose) facts.push("last close " + s.lastClose.code + (s.lastClose.reason ? " (" + s.lastClose.reason + ")" : "") + (s.lastClose.wasClean ? "" : ", not clean"));
    if (s.failure) facts.push("failure " + s.failure.code);
    document.getElementById("summary").textContent = facts.join(" · ");
    document.body.dataset.status = s.status;
    const now = label(message.value);
    if (previous !== now) {
      const row = document.createElement("tr");
      for (const text of [new Date(message.at).toISOString().slice(11, 23), previous || "", now, facts.slice(1).join(", ")]) {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.append(cell);
      }
      log.prepend(row);
      // Bounded like the server's history: a page left open for days stays small.
      while (log.rows.length > ${historyLimit}) log.lastElementChild.remove();
      previous = now;
    }
  };
  const events = new EventSource("/events");
  events.addEventListener("chart", (e) => drawChart(JSON.parse(e.data)));
  events.addEventListener("snapshot", (e) => drawSnapshot(JSON.parse(e.data)));
  for (const button of document.querySelectorAll("button[data-control]")) {
    button.addEventListener("click", () => fetch("/control/" + encodeURIComponent(button.dataset.control), { method: "POST" }));
  }
})();
</script>
</body></html>
`;
}
