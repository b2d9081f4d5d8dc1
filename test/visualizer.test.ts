import { afterEach, describe, expect, it } from "vitest";
import { createClient, type Client } from "../src/index.js";
import { Envelope } from "../generated/switches_pb.js";
import { createSwitchServer, type SwitchServer } from "../examples/switch-server.js";
import { attachVisualizer, type Visualizer } from "../examples/visualizer.js";
import { hasChromium, openPage, type BrowserSession } from "./browser/rig.js";
import { startFaultProxy } from "./support/fault-proxy.js";

interface Running {
  server: SwitchServer;
  client: Client<Envelope>;
  visualizer: Visualizer;
  browser?: BrowserSession;
}

let running: Running | undefined;

async function start(historyLimit?: number): Promise<Running> {
  const server = createSwitchServer({ tickMs: 50 });
  const port = await server.start();
  const client = createClient({
    url: `ws://127.0.0.1:${port}/`,
    codec: Envelope,
    reconnect: { initialDelayMs: 20, maxDelayMs: 50 },
  });
  const visualizer = await attachVisualizer(client, {
    ...(historyLimit === undefined ? {} : { historyLimit }),
    controls: {
      "kill server": () => server.stop(),
      "restart server": async () => void (await server.start(port)),
    },
  });
  running = { server, client, visualizer };
  return running;
}

afterEach(async () => {
  await running?.browser?.close();
  await running?.visualizer.close();
  running?.client.dispose();
  await running?.server.stop();
  running = undefined;
});

/** Reads server-sent events from `url` until `enough` says stop (bounded by the test timeout). */
async function readEvents(url: string, enough: (events: { event: string; data: unknown }[]) => boolean) {
  const response = await fetch(url);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: unknown }[] = [];
  let buffer = "";
  try {
    while (!enough(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
        const data = /^data: (.*)$/m.exec(block)?.[1] ?? "null";
        events.push({ event, data: JSON.parse(data) });
      }
    }
  } finally {
    await reader.cancel();
  }
  return events;
}

describe("live visualizer", () => {
  it("should stream the machine's chart, then every snapshot of the client", async () => {
    const { client, visualizer } = await start();
    client.connect();
    const events = await readEvents(`${visualizer.url}events`, (seen) =>
      seen.some((e) => e.event === "snapshot" && (e.data as { state: { status: string } }).state.status === "open"),
    );
    expect(events[0]?.event).toBe("chart");
    const chart = (events[0]?.data as { chart: { states: string[] }; mermaid: string }).chart;
    expect(chart.states).toEqual(expect.arrayContaining(["idle", "connecting", "open", "closing", "closed", "reconnecting", "failed"]));
    const statuses = events.filter((e) => e.event === "snapshot").map((e) => (e.data as { state: { status: string } }).state.status);
    expect(statuses[0]).toBe("idle");
    expect(statuses).toContain("connecting");
    expect(statuses.at(-1)).toBe("open");
  });

  it("should answer unknown paths with 404 and run page controls", async () => {
    const { client, visualizer } = await start();
    client.connect();
    expect((await fetch(`${visualizer.url}nope`)).status).toBe(404);
    expect((await fetch(`${visualizer.url}control/nope`, { method: "POST" })).status).toBe(404);
    for (const inherited of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      expect((await fetch(`${visualizer.url}control/${inherited}`, { method: "POST" })).status).toBe(404);
    }
    await readEvents(`${visualizer.url}events`, (seen) =>
      seen.some((e) => e.event === "snapshot" && (e.data as { state: { status: string } }).state.status === "open"),
    );
    expect((await fetch(`${visualizer.url}control/kill%20server`, { method: "POST" })).status).toBe(204);
    const after = await readEvents(`${visualizer.url}events`, (seen) =>
      seen.some((e) => e.event === "snapshot" && (e.data as { state: { status: string } }).state.status === "reconnecting"),
    );
    expect(after.length).toBeGreaterThan(1);
  });

  it.skipIf(!hasChromium)("should show the current state in a real browser and follow a reconnect", async () => {
    const run = await start();
    run.client.connect();
    run.browser = await openPage(run.visualizer.url, "document.body.dataset.status === 'open'");
    const page = run.browser.page;
    expect(await page.locator(".state.active > .name").allTextContents()).toContain("open");
    await page.click("button[data-control='kill server']");
    await page.waitForFunction("document.body.dataset.status === 'reconnecting' || document.body.dataset.status === 'connecting'");
    await page.click("button[data-control='restart server']");
    await page.waitForFunction("document.body.dataset.status === 'open' && document.querySelectorAll('#log tr').length >= 4");
    const log = await page.locator("#log tr").allTextContents();
    expect(log.some((row) => row.includes("reconnecting"))).toBe(true);
  }, 60_000); // launching chromium on a loaded 2-core machine can take a while

  it.skipIf(!hasChromium)("should rebuild, not duplicate, the log when the page's event stream reconnects, and keep it bounded", async () => {
    const run = await start(4);
    run.client.connect();
    const proxy = await startFaultProxy({ port: Number(new URL(run.visualizer.url).port) });
    try {
      run.browser = await openPage(`http://127.0.0.1:${proxy.port}/`, "document.body.dataset.status === 'open'");
      const page = run.browser.page;
      const rows = () => page.locator("#log tr").allTextContents();
      const before = await rows();
      expect(before.length).toBeGreaterThan(1);
      // Drop the page's connection: EventSource reconnects by itself and gets the chart and history again.
      expect(await page.evaluate(() => document.body.dataset.streams)).toBe("1");
      proxy.cut();
      await page.waitForFunction(() => document.body.dataset.streams === "2", undefined, { timeout: 20_000 });
      await page.waitForFunction(() => document.body.dataset.status === "open");
      expect(await rows()).toEqual(before);
      // Kill/restart cycles add transitions; the page keeps at most historyLimit rows.
      for (let i = 0; i < 2; i++) {
        await page.click("button[data-control='kill server']");
        await page.waitForFunction(() => document.body.dataset.status !== "open");
        await page.click("button[data-control='restart server']");
        await page.waitForFunction(() => document.body.dataset.status === "open");
      }
      const after = await rows();
      expect(after.length).toBe(4);
      expect(after[0]).toContain("open");
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
