import { describe, expect, it } from "vitest";
import { and, not, setup } from "xstate";
import { describeMachine, toMermaid } from "../src/statechart.js";

const doorMachine = setup({
  types: { events: {} as { type: "open" } | { type: "close" } | { type: "lock" } },
  guards: { isAllowed: () => true, isLate: () => false },
  actions: { ring: () => {} },
  delays: { autoClose: 1000 },
}).createMachine({
  id: "door",
  initial: "closed",
  states: {
    closed: { on: { open: { target: "opened", guard: "isAllowed" }, lock: { target: "locked", guard: and(["isAllowed", not("isLate")]) } } },
    opened: {
      initial: "swinging",
      states: { swinging: { after: { 200: "still" } }, still: { on: { open: { actions: "ring" } } } },
      after: { autoClose: "closed" },
      on: { close: "closed" },
    },
    locked: { type: "final" },
  },
});

describe("describeMachine", () => {
  it("should list every state, initial child, final state and transition", () => {
    const chart = describeMachine(doorMachine);
    expect(chart.states).toEqual(["closed", "opened", "opened.swinging", "opened.still", "locked"]);
    expect(chart.initial).toEqual({ "": "closed", opened: "opened.swinging" });
    expect(chart.finals).toEqual(["locked"]);
    expect(chart.edges).toContainEqual({ from: "closed", to: "opened", trigger: "open", guard: "isAllowed", actions: [] });
    expect(chart.edges).toContainEqual({ from: "closed", to: "locked", trigger: "lock", guard: "isAllowed && !isLate", actions: [] });
    expect(chart.edges).toContainEqual({ from: "opened", to: "closed", trigger: "after autoClose", guard: undefined, actions: [] });
    expect(chart.edges).toContainEqual({ from: "opened.swinging", to: "opened.still", trigger: "after 200ms", guard: undefined, actions: [] });
    expect(chart.edges).toContainEqual({ from: "opened.still", to: "opened.still", trigger: "open", guard: undefined, actions: ["ring"] });
  });
});

describe("toMermaid", () => {
  it("should render nested states, delays and guards as a stateDiagram", () => {
    const text = toMermaid(doorMachine);
    expect(text.split("\n")[0]).toBe("stateDiagram-v2");
    expect(text).toContain("[*] --> closed");
    expect(text).toContain('state "opened" as opened {');
    expect(text).toContain("    [*] --> opened_swinging");
    expect(text).toContain("closed --> opened: open [isAllowed]");
    expect(text).toContain("opened --> closed: after autoClose");
    expect(text).toContain("locked --> [*]");
  });

  it("should list the machine's own targetless transitions in a comment, not as edges of a phantom root state", () => {
    const withRoot = setup({ types: { events: {} as { type: "ping" } | { type: "go" } }, actions: { note: () => {} } }).createMachine({
      initial: "a",
      on: { ping: { actions: "note" } },
      states: { a: { on: { go: "b", ping: { actions: "note" } } }, b: {} },
    });
    const text = toMermaid(withRoot);
    expect(text).not.toMatch(/\broot\b/);
    expect(text).toContain("  %% in every state, without leaving it: ping");
    expect(text).toContain("a --> a: ping");
    expect(text).toContain("a --> b: go");
    expect(describeMachine(withRoot).edges).toContainEqual({ from: "", to: "", trigger: "ping", guard: undefined, actions: ["note"] });
  });

  it("should be deterministic", () => {
    expect(toMermaid(doorMachine)).toBe(toMermaid(doorMachine));
  });
});
