import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { withCurrentStatechart } from "../scripts/readme-statechart.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("should show the state diagram of the machine that runs (npm run docs:statechart)", () => {
    expect(withCurrentStatechart(readme)).toBe(readme);
  });

  it("should start with the install-and-run and the test commands CI uses", () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    expect(firstBlock).toContain("npm ci && npm run demo");
    expect(firstBlock).toContain("npm test");
    expect(readFileSync(new URL("../.ci/run", import.meta.url), "utf8")).toMatch(/^npm test$/m);
  });
});
