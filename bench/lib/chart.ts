/**
 * A small SVG line chart (no dependencies) and its PNG rendering through
 * Debian's chromium (playwright-core screenshot) when chromium is installed.
 *
 * @module
 */
import { existsSync, writeFileSync } from "node:fs";

/** One line of the chart: a value per x bucket. */
export interface Series {
  name: string;
  color: string;
  values: readonly number[];
}

/** Chart labels and vertical markers. */
export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Width of one bucket in x units (e.g. 0.1 s). */
  bucketWidth: number;
  /** Vertical dashed lines, e.g. "server killed" at x = 0. */
  markers: readonly { x: number; label: string }[];
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

/** Renders the series as an SVG document (800×400). */
export function lineChartSvg(series: readonly Series[], options: ChartOptions): string {
  const width = 800;
  const height = 400;
  const left = 60;
  const right = 20;
  const top = 40;
  const bottom = 50;
  const buckets = Math.max(1, ...series.map((s) => s.values.length));
  const xMax = buckets * options.bucketWidth;
  const yMax = Math.max(1, ...series.flatMap((s) => s.values));
  const xStep = niceStep(xMax, 10);
  const yStep = niceStep(yMax, 5);
  const yTop = Math.ceil(yMax / yStep) * yStep;
  const px = (x: number) => left + (x / xMax) * (width - left - right);
  const py = (y: number) => height - bottom - (y / yTop) * (height - top - bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${esc(options.title)}</text>`,
  ];
  for (let y = 0; y <= yTop + 1e-9; y += yStep) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${py(y) + 4}" text-anchor="end">${Math.round(y * 100) / 100}</text>`);
  }
  for (let x = 0; x <= xMax + 1e-9; x += xStep) {
    parts.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${height - bottom}" y2="${height - bottom + 4}" stroke="#333"/>`);
    parts.push(`<text x="${px(x)}" y="${height - bottom + 17}" text-anchor="middle">${Math.round(x * 100) / 100}</text>`);
  }
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}" stroke="#333"/>`);
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${height - bottom}" stroke="#333"/>`);
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 12}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  parts.push(
    `<text x="16" y="${(top + height - bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(top + height - bottom) / 2})">${esc(options.yLabel)}</text>`,
  );
  for (const m of options.markers) {
    if (m.x < 0 || m.x > xMax) continue;
    parts.push(`<line x1="${px(m.x)}" x2="${px(m.x)}" y1="${top}" y2="${height - bottom}" stroke="#888" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${px(m.x) + 4}" y="${top + 12}" fill="#555">${esc(m.label)}</text>`);
  }
  for (const s of series) {
    const points = s.values.map((v, i) => `${px((i + 0.5) * options.bucketWidth).toFixed(1)},${py(v).toFixed(1)}`).join(" ");
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${points}"/>`);
  }
  // Wide enough for the longest name (~6.6 px per character at 12 px sans-serif).
  const legendWidth = 24 + Math.ceil(Math.max(0, ...series.map((s) => s.name.length)) * 6.6);
  series.forEach((s, i) => {
    const y = top + 30 + i * 18;
    parts.push(`<rect x="${width - right - legendWidth}" y="${y - 9}" width="14" height="4" fill="${s.color}"/>`);
    parts.push(`<text x="${width - right - legendWidth + 20}" y="${y - 3}">${esc(s.name)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}

/**
 * Writes `svg` to `svgPath`, and a PNG screenshot of it to `pngPath` when
 * Debian's chromium is installed. Returns true when the PNG was written.
 */
export async function writeChart(svg: string, svgPath: string, pngPath: string): Promise<boolean> {
  writeFileSync(svgPath, svg);
  if (!existsSync("/usr/bin/chromium")) return false;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 400 } });
    await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
    await page.locator("svg").screenshot({ path: pngPath });
    return true;
  } finally {
    await browser.close();
  }
}
