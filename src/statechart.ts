/**
 * Exports a state machine as a diagram, so the connection machine that runs
 * in production is the one the README shows (no hand-drawn picture to drift).
 *
 * @module
 */
import type { AnyStateMachine, AnyStateNode } from "xstate";

/** One transition of a machine, flattened for drawing or listing. */
export interface StatechartEdge {
  /** Dot-separated path of the source state, e.g. `"open.probing"`. */
  readonly from: string;
  /** Dot-separated path of the target state; equal to `from` for a re-entering self transition. */
  readonly to: string;
  /** What triggers it: an event type, `after <delay>` or `always`. */
  readonly trigger: string;
  /** Name of the guard, when there is one. */
  readonly guard: string | undefined;
  /** Names of the actions it runs. */
  readonly actions: readonly string[];
}

/** The states and transitions of a machine, as plain data. */
export interface Statechart {
  /** Every state path, parents before children, in definition order. */
  readonly states: readonly string[];
  /** Each compound state's initial child path, keyed by the parent path ("" for the root). */
  readonly initial: Readonly<Record<string, string>>;
  /** Final states' paths. */
  readonly finals: readonly string[];
  /** Every transition. */
  readonly edges: readonly StatechartEdge[];
}

const AFTER_PREFIX = "xstate.after.";

function pathOf(node: AnyStateNode): string {
  return node.path.join(".");
}

function nameOf(item: unknown): string {
  if (typeof item === "string") return item;
  if (typeof item === "function") {
    // XState's and()/or()/not() are functions carrying the guards they combine.
    const combined = (item as { guards?: unknown }).guards;
    if (Array.isArray(combined)) {
      const parts = combined.map(nameOf);
      return item.name === "not" ? `!${parts.join("")}` : parts.join(item.name === "or" ? " || " : " && ");
    }
    return item.name || "inline";
  }
  if (item !== null && typeof item === "object" && "type" in item) {
    const type = (item as { type: unknown }).type;
    if (typeof type === "string") return type;
  }
  return "inline";
}

function delayName(delay: unknown): string {
  return typeof delay === "number" ? `${delay}ms` : nameOf(delay);
}

/** Reads a machine's states and transitions as plain data (no running actor needed). */
export function describeMachine(machine: AnyStateMachine): Statechart {
  const states: string[] = [];
  const initial: Record<string, string> = {};
  const finals: string[] = [];
  const edges: StatechartEdge[] = [];

  const visit = (node: AnyStateNode): void => {
    const from = pathOf(node);
    if (from !== "") states.push(from);
    if (node.type === "final") finals.push(from);
    const children = Object.values(node.states) as AnyStateNode[];
    if (children.length > 0 && node.type === "compound" && node.initial?.target?.[0]) {
      initial[from] = pathOf(node.initial.target[0]);
    }
    const delays = new Map<string, string>();
    for (const delayed of node.after) delays.set(delayed.eventType, `after ${delayName(delayed.delay)}`);
    for (const [eventType, definitions] of node.transitions) {
      const trigger = eventType.startsWith(AFTER_PREFIX) ? (delays.get(eventType) ?? eventType) : eventType;
      for (const definition of definitions) edges.push(edgeOf(from, trigger, definition));
    }
    for (const definition of node.always ?? []) edges.push(edgeOf(from, "always", definition));
    for (const child of children) visit(child);
  };
  visit(machine.root);
  return { states, initial, finals, edges };
}

function edgeOf(
  from: string,
  trigger: string,
  definition: { target?: readonly AnyStateNode[] | undefined; guard?: unknown; actions: readonly unknown[] },
): StatechartEdge {
  const target = definition.target?.[0];
  return {
    from,
    to: target ? pathOf(target) : from,
    trigger,
    guard: definition.guard === undefined ? undefined : nameOf(definition.guard),
    actions: definition.actions.map(nameOf),
  };
}

const mermaidId = (path: string): string => (path === "" ? "root" : path.replace(/[^A-Za-z0-9_]/g, "_"));

/**
 * Renders a machine as a Mermaid `stateDiagram-v2` (GitHub renders it in Markdown).
 * Targetless transitions (actions only) are drawn as self loops, except the
 * machine's own (root) ones, which apply in every state: those are listed in a
 * `%%` comment line, so no phantom "root" state appears.
 *
 * @example
 * ```ts
 * import { connectionMachine, toMermaid } from "rxwire";
 * console.log(toMermaid(connectionMachine));
 * ```
 */
export function toMermaid(machine: AnyStateMachine): string {
  const chart = describeMachine(machine);
  const lines: string[] = ["stateDiagram-v2"];
  const childrenOf = new Map<string, string[]>();
  for (const state of chart.states) {
    const parent = state.includes(".") ? state.slice(0, state.lastIndexOf(".")) : "";
    const list = childrenOf.get(parent) ?? [];
    list.push(state);
    childrenOf.set(parent, list);
  }
  const emit = (parent: string, indent: string): void => {
    const initialChild = chart.initial[parent];
    if (initialChild !== undefined) lines.push(`${indent}[*] --> ${mermaidId(initialChild)}`);
    for (const state of childrenOf.get(parent) ?? []) {
      const label = state.slice(state.lastIndexOf(".") + 1);
      if (childrenOf.has(state)) {
        lines.push(`${indent}state "${label}" as ${mermaidId(state)} {`);
        emit(state, `${indent}  `);
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}state "${label}" as ${mermaidId(state)}`);
      }
      if (chart.finals.includes(state)) lines.push(`${indent}${mermaidId(state)} --> [*]`);
    }
  };
  emit("", "  ");
  const everyState: string[] = [];
  for (const edge of chart.edges) {
    const guard = edge.guard ? ` [${edge.guard}]` : "";
    // The machine's own targetless transitions apply in every state; an edge would draw a state "root" it does not have.
    if (edge.from === "" && edge.to === "") everyState.push(`${edge.trigger}${guard}`);
    else lines.push(`  ${mermaidId(edge.from)} --> ${mermaidId(edge.to)}: ${edge.trigger}${guard}`);
  }
  if (everyState.length > 0) lines.push(`  %% in every state, without leaving it: ${everyState.join(", ")}`);
  return `${lines.join("\n")}\n`;
}
