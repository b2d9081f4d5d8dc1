import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { bundlePage, closeServer, hasChromium, openPage, servePage, type BrowserSession } from "./browser/rig.js";

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
