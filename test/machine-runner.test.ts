import { from, type Subscription } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import { assign, createMachine, fromCallback, raise, setup, SimulatedClock, spawnChild } from "xstate";
import type { Clock } from "../src/clock.js";
import { ErrorCode } from "../src/errors.js";
import { createMachineRunner, type MachineAction, type MachineRunner } from "../src/machine-runner.js";
import { connectionMachine, type ConnectionEvent, type ConnectionMachineInput } from "../src/machine.js";
import { toConnectionState } from "../src/connection-state.js";
import { createHarness, makeInput, type Harness } from "./machine-harness.js";

/** A SimulatedClock that also counts its pending timers. */
class CountingClock implements Clock {
  readonly inner = new SimulatedClock();
  private readonly pending = new Set<unknown>();
  setTimeout(fn: () => void, ms: number): unknown {
    const handle: unknown = this.inner.setTimeout(() => {
      this.pending.delete(handle);
      fn();
    }, ms);
    this.pending.add(handle);
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle);
    this.inner.clearTimeout(handle as number);
  }
  now(): number {
    return this.inner.now();
  }
  increment(ms: number): void {
    this.inner.increment(ms);
  }
  get pendingCount(): number {
    return this.pending.size;
  }
}

type ConnectionRunner = MachineRunner<ReturnType<typeof connectionMachine.getInitialSnapshot>, ConnectionEvent>;

interface RunnerHarness {
  clock: CountingClock;
  runner: ConnectionRunner;
  actions: MachineAction[];
  skew: { ms: number };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function startRunner(
  overrides: Partial<ConnectionMachineInput> = {},
  onAction?: (action: MachineAction, runner: ConnectionRunner) => void,
): RunnerHarness {
  const clock = new CountingClock();
  const skew = { ms: 0 };
  const actions: MachineAction[] = [];
  let runner: ConnectionRunner | undefined;
  runner = createMachineRunner(connectionMachine, makeInput(clock, skew, overrides), {
    clock,
    exec: (action) => {
      actions.push(action);
      if (runner && onAction) onAction(action, runner);
    },
  }) as ConnectionRunner;
  const created = runner;
  cleanups.push(() => created.stop());
  return { clock, runner: created, actions, skew };
}

type Step = { send: ConnectionEvent } | { wait: number } | { suspend: number };

/** Runs the same script on a started actor and on a runner; returns both traces. */
function traces(script: Step[], overrides: Partial<ConnectionMachineInput> = {}): [unknown[], unknown[]] {
  const actor: Harness = createHarness(overrides);
  cleanups.push(() => actor.stop());
  const pure = startRunner(overrides);
  const actorTrace: unknown[] = [];
  const runnerTrace: unknown[] = [];
  const record = (): void => {
    actorTrace.push(JSON.stringify([actor.snapshot().value, toConnectionState(actor.snapshot()), actor.actions]));
    runnerTrace.push(JSON.stringify([pure.runner.getSnapshot().value, toConnectionState(pure.runner.getSnapshot()), pure.actions]));
    actor.clear();
    pure.actions.length = 0;
  };
  for (const step of script) {
    if ("send" in step) {
      actor.send(step.send);
      pure.runner.send(step.send);
    } else if ("wait" in step) {
      actor.clock.increment(step.wait);
      pure.clock.increment(step.wait);
    } else {
      actor.suspend(step.suspend);
      pure.skew.ms += step.suspend;
    }
    record();
  }
  return [actorTrace, runnerTrace];
}

const connect: Step = { send: { type: "client.connect" } };
const open = (socketId: number): Step => ({ send: { type: "transport.open", socketId } });
const drop = (socketId: number): Step => ({
  send: { type: "transport.close", socketId, code: 1006, reason: "", wasClean: false },
});

describe("createMachineRunner with connectionMachine", () => {
  it("should behave like an actor through connect timeouts, backoff and failure", () => {
    const [actor, runner] = traces(
      [connect, { wait: 1_000 }, { wait: 100 }, { wait: 1_000 }, { wait: 200 }, { wait: 1_000 }, { wait: 60_000 }],
      { reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, factor: 2, jitter: "none", maxAttempts: 2, resetAfterMs: 3_000 } },
    );
    expect(runner).toEqual(actor);
    expect(runner.at(-2)).toContain('"failed"');
  });

  it("should behave like an actor through heartbeat loss, suspension and reconnect", () => {
    const script: Step[] = [
      connect,
      open(1),
      { wait: 1_000 },
      { send: { type: "transport.activity", socketId: 1 } },
      { wait: 1_000 },
      { suspend: 60_000 },
      { wait: 300 },
      { wait: 300 },
      { wait: 100 },
      open(2),
      { wait: 3_000 },
      { send: { type: "liveness.check" } },
    ];
    const [actor, runner] = traces(script);
    expect(runner).toEqual(actor);
    expect(runner.join("")).toContain("heartbeat timeout");
  });

  it("should behave like an actor through close, reconnect-while-closing, offline and online", () => {
    const script: Step[] = [
      connect,
      open(1),
      { send: { type: "client.close", code: 1000, reason: "bye" } },
      { send: { type: "client.connect" } },
      drop(1),
      open(2),
      { send: { type: "network.offline" } },
      { wait: 10_000 },
      { send: { type: "network.online" } },
      drop(3),
      { send: { type: "client.close" } },
      { wait: 10_000 },
    ];
    const [actor, runner] = traces(script);
    expect(runner).toEqual(actor);
  });

  it("should execute the initial state's entry actions before returning (none for idle)", () => {
    const { runner, actions } = startRunner();
    expect(runner.getSnapshot().value).toBe("idle");
    expect(actions).toEqual([]);
  });

  it("should clear every scheduled timer on stop() and ignore later events", () => {
    const { runner, clock, actions } = startRunner();
    runner.send({ type: "client.connect" });
    expect(clock.pendingCount).toBe(1); // connectTimeout
    runner.send({ type: "transport.open", socketId: 1 });
    expect(clock.pendingCount).toBe(1); // heartbeatInterval
    clock.increment(1_000);
    expect(clock.pendingCount).toBe(1); // heartbeatTimeout
    runner.stop();
    expect(clock.pendingCount).toBe(0);
    const before = actions.length;
    runner.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    clock.increment(60_000);
    expect(actions).toHaveLength(before);
    expect(runner.getSnapshot().value).toEqual({ open: "probing" });
    runner.stop();
  });

  it("should keep no timer on an open connection without heartbeat", () => {
    const { runner, clock } = startRunner({ heartbeat: false });
    let scheduled = 0;
    const schedule = clock.setTimeout.bind(clock);
    clock.setTimeout = (fn, ms) => {
      scheduled += 1;
      return schedule(fn, ms);
    };
    runner.send({ type: "client.connect" });
    runner.send({ type: "transport.open", socketId: 1 });
    expect(clock.pendingCount).toBe(0);
    expect(scheduled).toBe(1); // only the connect timeout, never a timer cancelled in the same step
  });

  it("should keep exactly the timers of the current state", () => {
    const { runner, clock } = startRunner();
    runner.send({ type: "client.connect" });
    runner.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    expect(clock.pendingCount).toBe(1); // reconnectDelay only; connectTimeout was cancelled
    runner.send({ type: "network.offline" });
    expect(clock.pendingCount).toBe(0);
    runner.send({ type: "network.online" });
    expect(clock.pendingCount).toBe(1);
    runner.send({ type: "client.close" });
    expect(clock.pendingCount).toBe(0);
  });

  it("should queue events sent from inside an action and process them afterwards, in order", () => {
    const seen: string[] = [];
    const { runner, actions } = startRunner({}, (action, self) => {
      seen.push(`exec ${action.type}`);
      if (action.type === "openSocket") {
        self.send({ type: "transport.open", socketId: 1 });
        self.send({ type: "transport.activity", socketId: 1 });
        seen.push(`after send: ${JSON.stringify(self.getSnapshot().value)}`);
      }
    });
    runner.subscribe((snapshot) => seen.push(`state ${JSON.stringify(snapshot.value)}`));
    runner.send({ type: "client.connect" });
    expect(seen).toEqual([
      "exec openSocket",
      'after send: "connecting"',
      'state "connecting"',
      "exec flushOutbox",
      'state {"open":"idle"}',
    ]);
    expect(actions.map((a) => a.type)).toEqual(["openSocket", "flushOutbox"]);
  });

  it("should queue events sent from an observer", () => {
    const { runner } = startRunner();
    const values: unknown[] = [];
    runner.subscribe((snapshot) => {
      values.push(snapshot.value);
      if (snapshot.value === "connecting") runner.send({ type: "transport.open", socketId: 1 });
    });
    runner.send({ type: "client.connect" });
    expect(values).toEqual(["connecting", { open: "idle" }]);
  });

  it("should run the remaining actions when one throws, then rethrow from send()", () => {
    const { runner, clock } = startRunner({}, (action) => {
      if (action.type === "openSocket") throw new Error("boom");
    });
    expect(() => runner.send({ type: "client.connect" })).toThrow("boom");
    expect(runner.getSnapshot().value).toBe("connecting");
    expect(clock.pendingCount).toBe(1); // the connect timeout was still scheduled
    runner.send({ type: "transport.open", socketId: 1 });
    expect(runner.getSnapshot().value).toEqual({ open: "idle" });
  });

  it("should not notify when an event changes nothing", () => {
    const { runner } = startRunner();
    let calls = 0;
    runner.subscribe(() => (calls += 1));
    runner.send({ type: "transport.open", socketId: 9 });
    runner.send({ type: "liveness.check" });
    expect(calls).toBe(0);
  });

  it("should stop notifying after unsubscribe and complete observers on stop()", () => {
    const { runner } = startRunner();
    const a: unknown[] = [];
    let completed = 0;
    const sub = runner.subscribe({ next: (s) => a.push(s.value), complete: () => (completed += 1) });
    runner.send({ type: "client.connect" });
    sub.unsubscribe();
    runner.send({ type: "transport.open", socketId: 1 });
    expect(a).toEqual(["connecting"]);
    runner.subscribe({ complete: () => (completed += 1) });
    runner.stop();
    expect(completed).toBe(1);
    runner.subscribe({ complete: () => (completed += 1) });
    expect(completed).toBe(2);
  });

  it("should work with rxjs from()", () => {
    const { runner } = startRunner();
    const statuses: string[] = [];
    let done = false;
    const sub: Subscription = from(runner).subscribe({
      next: (snapshot) => statuses.push(toConnectionState(snapshot).status),
      complete: () => (done = true),
    });
    cleanups.push(() => sub.unsubscribe());
    runner.send({ type: "client.connect" });
    runner.send({ type: "transport.error", socketId: 1, code: ErrorCode.HandshakeRejected, message: "401", status: 401 });
    runner.stop();
    expect(statuses).toEqual(["connecting", "failed"]);
    expect(done).toBe(true);
  });
});

describe("createMachineRunner with other machines", () => {
  it("should replace a timer when the same id is scheduled again", () => {
    const machine = setup({ types: { events: {} as { type: "arm" } | { type: "fire" }, context: {} as { fired: number } } }).createMachine({
      context: { fired: 0 },
      on: {
        arm: { actions: raise({ type: "fire" }, { delay: 100, id: "t" }) },
        fire: { actions: assign({ fired: ({ context }) => context.fired + 1 }) },
      },
    });
    const clock = new CountingClock();
    const runner = createMachineRunner(machine, undefined, { clock, exec: () => {} });
    cleanups.push(() => runner.stop());
    runner.send({ type: "arm" });
    clock.increment(60);
    runner.send({ type: "arm" });
    expect(clock.pendingCount).toBe(1);
    clock.increment(60);
    expect(runner.getSnapshot().context.fired).toBe(0);
    clock.increment(40);
    expect(runner.getSnapshot().context.fired).toBe(1);
    expect(clock.pendingCount).toBe(0);
  });

  it("should execute initial entry actions and pass resolved params", () => {
    const machine = createMachine({
      initial: "a",
      states: { a: { entry: { type: "hello", params: { to: "world" } } } },
    });
    const seen: MachineAction[] = [];
    const runner = createMachineRunner(machine, undefined, { clock: new CountingClock(), exec: (a) => seen.push(a) });
    cleanups.push(() => runner.stop());
    expect(seen).toEqual([{ type: "hello", params: { to: "world" } }]);
  });
});

describe("createMachineRunner with child actors", () => {
  const refusal = /runs no actor, so it cannot invoke or spawn.*createActor/;

  it("should put a machine that invokes an actor in its error status, with a clear error", () => {
    const machine = setup({ actors: { child: fromCallback(() => {}) } }).createMachine({
      initial: "a",
      states: { a: { invoke: { src: "child" } } },
    });
    // XState records an error of the initial step in the snapshot, as an actor would.
    const runner = createMachineRunner(machine, undefined, { clock: new CountingClock(), exec: () => {} });
    cleanups.push(() => runner.stop());
    const snapshot = runner.getSnapshot();
    expect(snapshot.status).toBe("error");
    expect(String(snapshot.error)).toMatch(refusal);
    // Stopped like after any step that ends the machine: later events are ignored.
    runner.send({ type: "anything" });
    expect(runner.getSnapshot()).toBe(snapshot);
  });

  it("should refuse self.send() from an assigner with a clear error", () => {
    const machine = setup({}).createMachine({
      initial: "a",
      states: { a: { on: { go: { target: "b", actions: assign(({ self }) => (self.send({ type: "again" }), {})) } } }, b: {} },
    });
    const runner = createMachineRunner(machine, undefined, { clock: new CountingClock(), exec: () => {} });
    cleanups.push(() => runner.stop());
    expect(() => runner.send({ type: "go" })).toThrow(/runs no actor, so `self.send\(\)` has no mailbox/);
  });

  it("should refuse to spawn, and leave the runner's snapshot as it was", () => {
    const machine = setup({ actors: { child: fromCallback(() => {}) } }).createMachine({
      initial: "a",
      states: { a: { on: { go: { target: "b", actions: spawnChild("child") } } }, b: {} },
    });
    const runner = createMachineRunner(machine, undefined, { clock: new CountingClock(), exec: () => {} });
    cleanups.push(() => runner.stop());
    expect(() => runner.send({ type: "go" })).toThrow(refusal);
    expect(runner.getSnapshot().value).toBe("a");
  });
});

describe("createMachineRunner with a final state", () => {
  it("should stop, clear timers and complete observers when the machine is done", () => {
    const machine = createMachine({
      initial: "a",
      states: { a: { after: { 1_000: "b" }, on: { finish: "done" } }, b: {}, done: { type: "final" } },
    });
    const clock = new CountingClock();
    const runner = createMachineRunner(machine, undefined, { clock, exec: () => {} });
    cleanups.push(() => runner.stop());
    let completed = false;
    runner.subscribe({ complete: () => (completed = true) });
    expect(clock.pendingCount).toBe(1);
    runner.send({ type: "finish" });
    expect(runner.getSnapshot().status).toBe("done");
    expect(clock.pendingCount).toBe(0);
    expect(completed).toBe(true);
  });
});

describe("createMachineRunner error isolation", () => {
  it("should still process events queued behind one whose observer throws", () => {
    const clock = new CountingClock();
    const runner = createMachineRunner(connectionMachine, makeInput(clock, { ms: 0 }), { clock, exec: () => {} });
    cleanups.push(() => runner.stop());
    let calls = 0;
    runner.subscribe(() => {
      calls += 1;
      if (calls === 1) {
        runner.send({ type: "transport.open", socketId: 1 });
        throw new Error("observer failed");
      }
    });
    const healthy: unknown[] = [];
    runner.subscribe((s) => healthy.push(s.value));
    expect(() => runner.send({ type: "client.connect" })).toThrow("observer failed");
    expect(runner.getSnapshot().value).toEqual({ open: "idle" });
    expect(healthy).toEqual(["connecting", { open: "idle" }]);
  });

  it("should survive a throwing shouldReconnect and keep working", () => {
    const clock = new CountingClock();
    let explode = true;
    const input = makeInput(clock, { ms: 0 }, {
      reconnect: {
        initialDelayMs: 100,
        maxDelayMs: 1_000,
        factor: 2,
        jitter: "none",
        maxAttempts: 5,
        resetAfterMs: 3_000,
        shouldReconnect: () => {
          if (explode) throw new Error("policy failed");
          return true;
        },
      },
    });
    const runner = createMachineRunner(connectionMachine, input, { clock, exec: () => {} });
    cleanups.push(() => runner.stop());
    runner.send({ type: "client.connect" });
    runner.send({ type: "transport.open", socketId: 1 });
    // The machine catches it and takes the default verdict (1006: retry); the transition is not lost.
    runner.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    expect(runner.getSnapshot().value).toEqual({ reconnecting: "waiting" });
    explode = false;
    clock.inner.increment(100);
    runner.send({ type: "transport.open", socketId: 2 });
    runner.send({ type: "transport.close", socketId: 2, code: 1008, reason: "", wasClean: true });
    expect(runner.getSnapshot().value).toEqual({ reconnecting: "waiting" }); // the policy's own verdict again
  });
});
