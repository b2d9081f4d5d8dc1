/**
 * Test rig for behaviour in a real browser: Debian's chromium driven by
 * playwright-core (never a downloaded browser), a fresh profile per launch, a
 * page bundled from TypeScript with esbuild and served from 127.0.0.1:0.
 *
 * @module
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** Where Debian installs chromium. The browser tests skip when it is absent. */
export const chromiumPath = "/usr/bin/chromium";

/** True when the browser tests can run here. */
export const hasChromium: boolean = existsSync(chromiumPath);

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Bundles a browser entry (TypeScript) into one ESM script. */
export async function bundlePage(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}

/** A static server for one page: `/` is the HTML, `/app.js` the bundle. */
export async function servePage(script: string): Promise<{ url: string; server: Server }> {
  const html = '<!doctype html><meta charset="utf-8"><title>rxwire browser test</title><script type="module" src="/app.js"></script>';
  const server = createServer((req, res) => {
    if (req.url === "/app.js") res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    else if (req.url === "/" || req.url === "/index.html") res.writeHead(200, { "content-type": "text/html" }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** A launched browser with one page, and how to tear it all down. */
export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Launches chromium with a fresh user-data-dir and opens `url`, then waits until
 * the JavaScript expression `ready` holds in the page (by default the bundled
 * page's `window.rigReady`).
 */
export async function openPage(url: string, ready = "window.rigReady === true"): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), "rxwire-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    timeout: 30_000,
  });
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    await page.waitForFunction(ready, undefined, { timeout: 10_000 });
    return { context, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Closes an HTTP server and every connection it holds. */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}
