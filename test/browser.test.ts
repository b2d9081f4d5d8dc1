import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { bundlePage, closeServer, hasChromium, openPage, servePage, type BrowserSession } from "./browser/rig.js";
import { startTickServer, type TickServer } from "./browser/tick-server.js";

describe.skipIf(!hasChromium)("browser rig (Debian chromium via playwright-core)", () => {
  let http: Server | undefined;
  let wss: WebSocketServer | undefined;
  let browser: BrowserSession | undefined;
  let wsUrl = "";

  beforeAll(async () => {
    wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    wss.on("connection", (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary })));
    await new Promise((resolve) => wss?.once("listening", resolve));
    wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
    const script = await bundlePage(fileURLToPath(new URL("./browser/echo-page.ts", import.meta.url)));
    const served = await servePage(script);
    http = served.server;
    browser = await openPage(served.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (http !== undefined) await closeServer(http);
    for (const ws of wss?.clients ?? []) ws.terminate();
    await new Promise((resolve) => (wss === undefined ? resolve(undefined) : wss.close(resolve)));
  });

  it("should round-trip binary frames through the browser's native WebSocket", async () => {
    const page = browser?.page;
    expect(page).toBeDefined();
    const echoed = await page?.evaluate(
      ([url, bytes]) => (window as unknown as { echo(u: string, b: number[]): Promise<number[]> }).echo(url, bytes),
      [wsUrl, [0, 1, 2, 250, 255]] as [string, number[]],
    );
    expect(echoed).toEqual([0, 1, 2, 250, 255]);
  });
});

describe.skipIf(!hasChromium)("rxwire client in a real browser", () => {
  let http: Server | undefined;
  let ticks: TickServer | undefined;
  let browser: BrowserSession | undefined;

  type PageRx = {
    rx: {
      state: { statuses: string[]; online: boolean[]; ticks: { symbol: string; price: number; volume: string }[]; errors: string[] };
      start(url: string): void;
      status(): string;
      dispose(): void;
    };
  };
  const page = () => {
    if (browser === undefined) throw new Error("browser not started");
    return browser.page;
  };
  const statusIs = (status: string) =>
    page().waitForFunction((s) => (window as unknown as PageRx).rx.status() === s, status, { timeout: 10_000 });
  const pageState = () => page().evaluate(() => (window as unknown as PageRx).rx.state);
  /** Polls a Node-side condition with a bound (no timing assertion: only the outcome is checked). */
  const until = async (condition: () => boolean, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return condition();
  };

  beforeAll(async () => {
    ticks = await startTickServer();
    const script = await bundlePage(fileURLToPath(new URL("./browser/client-page.ts", import.meta.url)));
    const served = await servePage(script);
    http = served.server;
    browser = await openPage(served.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.page.evaluate(() => (window as unknown as PageRx).rx.dispose()).catch(() => {});
    await browser?.close();
    if (http !== undefined) await closeServer(http);
    await ticks?.stop();
  });

  it("should connect, receive typed messages, reconnect after a server restart, pause while offline and dispose", async () => {
    const server = ticks;
    if (server === undefined) throw new Error("no server");
    await page().evaluate((url) => (window as unknown as PageRx).rx.start(url), `ws://127.0.0.1:${server.port}/`);
    await statusIs("open");

    // Typed messages: the page maps client.on("tick") values; volume is a bigint there.
    expect(await until(() => server.open() === 1)).toBe(true);
    server.broadcast(["AAA", "BBB"]);
    await page().waitForFunction(() => (window as unknown as PageRx).rx.state.ticks.length >= 2, undefined, { timeout: 10_000 });
    expect((await pageState()).ticks).toEqual([
      { symbol: "AAA", price: 101.5, volume: "7" },
      { symbol: "BBB", price: 101.5, volume: "7" },
    ]);

    // Server restart → backoff → reconnect, and messages flow again.
    await server.stop();
    await statusIs("reconnecting");
    await server.listen();
    await statusIs("open");
    expect(await until(() => server.open() === 1)).toBe(true);
    server.broadcast(["CCC"]);
    await page().waitForFunction(() => (window as unknown as PageRx).rx.state.ticks.length >= 3, undefined, { timeout: 10_000 });

    // offline pauses reconnecting: with the server up again, no attempt is made until `online`.
    await server.stop();
    await statusIs("reconnecting");
    await page().evaluate(() => window.dispatchEvent(new Event("offline")));
    await page().waitForFunction(() => (window as unknown as PageRx).rx.state.online.at(-1) === false, undefined, { timeout: 10_000 });
    const acceptedBefore = server.accepted();
    await server.listen();
    // The reconnect delay is ≤ 200 ms here; a client that ignored `offline` would be back within this bound.
    await new Promise((r) => setTimeout(r, 600));
    expect(server.accepted()).toBe(acceptedBefore);
    expect(await page().evaluate(() => (window as unknown as PageRx).rx.status())).toBe("reconnecting");
    await page().evaluate(() => window.dispatchEvent(new Event("online")));
    await statusIs("open");
    expect(server.accepted()).toBe(acceptedBefore + 1);

    // dispose closes the socket and the client stays down.
    await page().evaluate(() => (window as unknown as PageRx).rx.dispose());
    expect(await until(() => server.open() === 0)).toBe(true);
    const statuses = (await pageState()).statuses;
    expect(statuses[0]).toBe("idle");
    expect(statuses).toContain("connecting");
  });

  it("should start offline in a page without network, make no attempt while offline, and connect on online", async () => {
    const server = ticks;
    if (server === undefined || browser === undefined) throw new Error("no server");
    await browser.context.setOffline(true);
    try {
      expect(await page().evaluate(() => navigator.onLine)).toBe(false);
      const acceptedBefore = server.accepted();
      await page().evaluate((url) => (window as unknown as PageRx).rx.start(url), `ws://127.0.0.1:${server.port}/`);
      await page().waitForFunction(() => (window as unknown as PageRx).rx.state.statuses.includes("reconnecting") || (window as unknown as PageRx).rx.status() === "open", undefined, { timeout: 10_000 });
      expect((await pageState()).online[0]).toBe(false);
      // The reconnect delay is ≤ 200 ms here; a client that ignored being offline would have retried within this bound.
      await new Promise((r) => setTimeout(r, 600));
      const offline = await pageState();
      expect(offline.statuses.filter((s) => s === "connecting")).toHaveLength(1);
      expect(offline.statuses.at(-1)).toBe("reconnecting");
      expect(server.accepted()).toBe(acceptedBefore);
      await browser.context.setOffline(false);
      await statusIs("open");
      expect(server.accepted()).toBe(acceptedBefore + 1);
    } finally {
      await browser.context.setOffline(false);
      await page().evaluate(() => (window as unknown as PageRx).rx.dispose());
    }
  });
});
