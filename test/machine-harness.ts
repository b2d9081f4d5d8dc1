/**
 * Test harness for the connection machine: a started XState actor with every
 * named action replaced by a recorder, a simulated clock, and a wall clock that
 * can be skewed to simulate a suspended process.
 */
import { createActor, SimulatedClock, type SnapshotFrom } from "xstate";
import { connectionMachine, type ConnectionAction, type ConnectionEvent, type ConnectionMachineInput } from "../src/machine.js";

export interface Harness {
  clock: SimulatedClock;
  actions: ConnectionAction[];
  send(event: ConnectionEvent): void;
  snapshot(): SnapshotFrom<typeof connectionMachine>;
  /** Actions of one type recorded so far. */
  of<T extends ConnectionAction["type"]>(type: T): Extract<ConnectionAction, { type: T }>["params"][];
  /** Moves the wall clock (now()) without firing timers, as a suspended process sees it. */
  suspend(ms: number): void;
  /** Clears the action log. */
  clear(): void;
  stop(): void;
}

export const baseInput: Omit<ConnectionMachineInput, "now" | "random"> = {
  connectTimeoutMs: 1_000,
  closeTimeoutMs: 500,
  reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, factor: 2, jitter: "none", maxAttempts: 5, resetAfterMs: 3_000 },
  heartbeat: { intervalMs: 1_000, timeoutMs: 300 },
};

export function makeInput(
  clock: { now(): number },
  skew: { ms: number },
  overrides: Partial<ConnectionMachineInput> = {},
): ConnectionMachineInput {
  return { ...baseInput, now: () => clock.now() + skew.ms, random: () => 0.5, ...overrides };
}

function recorder(type: ConnectionAction["type"], log: ConnectionAction[]) {
  return (_: unknown, params: unknown): void => {
    log.push({ type, params } as ConnectionAction);
  };
}

export function createHarness(overrides: Partial<ConnectionMachineInput> = {}): Harness {
  const clock = new SimulatedClock();
  const skew = { ms: 0 };
  const actions: ConnectionAction[] = [];
  const machine = connectionMachine.provide({
    actions: {
      openSocket: recorder("openSocket", actions),
      closeSocket: recorder("closeSocket", actions),
      terminateSocket: recorder("terminateSocket", actions),
      sendPing: recorder("sendPing", actions),
      flushOutbox: recorder("flushOutbox", actions),
      reportError: recorder("reportError", actions),
    },
  });
  const actor = createActor(machine, { input: makeInput(clock, skew, overrides), clock });
  actor.start();
  return {
    clock,
    actions,
    send: (event) => actor.send(event),
    snapshot: () => actor.getSnapshot(),
    of: (type) => actions.filter((a) => a.type === type).map((a) => a.params) as never,
    suspend: (ms) => {
      skew.ms += ms;
    },
    clear: () => {
      actions.length = 0;
    },
    stop: () => actor.stop(),
  };
}
