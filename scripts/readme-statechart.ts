/**
 * Keeps the README's state diagram equal to the machine that runs:
 * `npm run docs:statechart` rewrites the block between the markers from
 * `toMermaid(connectionMachine)`; `--check` exits 1 when it is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { connectionMachine, toMermaid } from "../src/index.js";

/** Marker lines around the generated diagram in README.md. */
export const BEGIN = "<!-- statechart:begin (npm run docs:statechart) -->";
export const END = "<!-- statechart:end -->";

/** README text with the diagram block replaced by the current machine's. */
export function withCurrentStatechart(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error("README.md has no statechart markers");
  const block = `${BEGIN}\n\`\`\`mermaid\n${toMermaid(connectionMachine)}\`\`\`\n`;
  return readme.slice(0, start) + block + readme.slice(end);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = new URL("../README.md", import.meta.url);
  const readme = readFileSync(path, "utf8");
  const updated = withCurrentStatechart(readme);
  if (process.argv.includes("--check")) {
    if (updated !== readme) {
      console.error("README.md's state diagram is stale: run npm run docs:statechart");
      process.exit(1);
    }
  } else if (updated !== readme) {
    writeFileSync(path, updated);
    console.log("README.md: state diagram updated");
  }
}
