import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SimulatedClock } from "xstate";
import type { Clock } from "../src/clock.js";
import { ErrorCode } from "../src/errors.js";
import { createMachineRunner, type MachineAction } from "../src/machine-runner.js";
import { connectionMachine, type ConnectionEvent, type ConnectionMachineInput } from "../src/machine.js";
import { createHarness, makeInput } from "./machine-harness.js";

type Step = { send: ConnectionEvent } | { wait: number } | { suspend: number };

/** Events aimed at sockets 0–3 so that current and stale ids both occur. */
const socketId = fc.integer({ min: 0, max: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ send: { type: "client.connect" } }),
  fc.record({ code: fc.option(fc.constantFrom(1000, 4000), { nil: undefined }) }).map(
    ({ code }): Step => ({ send: code === undefined ? { type: "client.close" } : { type: "client.close", code } }),
  ),
  socketId.map((id): Step => ({ send: { type: "transport.open", socketId: id } })),
  fc
    .record({ id: socketId, code: fc.constantFrom(1000, 1001, 1006, 1008, 4401, 4500) })
    .map(({ id, code }): Step => ({ send: { type: "transport.close", socketId: id, code, reason: "", wasClean: code !== 1006 } })),
  fc
    .record({ id: socketId, status: fc.option(fc.constantFrom(401, 403, 503), { nil: undefined }) })
    .map(({ id, status }): Step => ({
      send:
        status === undefined
          ? { type: "transport.error", socketId: id, code: ErrorCode.Transport, message: "err" }
          : { type: "transport.error", socketId: id, code: ErrorCode.HandshakeRejected, message: "err", status },
    })),
  socketId.map((id): Step => ({ send: { type: "transport.activity", socketId: id } })),
  fc.constant<Step>({ send: { type: "liveness.check" } }),
  fc.constant<Step>({ send: { type: "network.offline" } }),
  fc.constant<Step>({ send: { type: "network.online" } }),
  fc.integer({ min: 1, max: 5_000 }).map((ms): Step => ({ wait: ms })),
  fc.integer({ min: 1, max: 120_000 }).map((ms): Step => ({ suspend: ms })),
);

const inputOverrides: fc.Arbitrary<Partial<ConnectionMachineInput>> = fc.record({
  reconnect: fc.oneof(
    fc.constant<false>(false),
    fc.record({
      initialDelayMs: fc.integer({ min: 0, max: 2_000 }),
      maxDelayMs: fc.integer({ min: 0, max: 10_000 }),
      factor: fc.constantFrom(1, 1.5, 2),
      jitter: fc.constantFrom("full" as const, "equal" as const, "none" as const),
      maxAttempts: fc.constantFrom(0, 1, 3, Infinity),
      resetAfterMs: fc.integer({ min: 0, max: 5_000 }),
    }),
  ),
  heartbeat: fc.oneof(
    fc.constant<false>(false),
    fc.record({ intervalMs: fc.integer({ min: 1, max: 3_000 }), timeoutMs: fc.integer({ min: 1, max: 1_000 }) }),
  ),
});

class CountingClock implements Clock {
  readonly inner = new SimulatedClock();
  readonly pending = new Set<unknown>();
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
}

interface Run {
  actorTrace: string[];
  runnerTrace: string[];
  runnerActions: MachineAction[][];
  statuses: unknown[];
  maxPendingTimers: number;
  pendingAfterStop: number;
}

function run(steps: Step[], overrides: Partial<ConnectionMachineInput>): Run {
  const actor = createHarness(overrides);
  const clock = new CountingClock();
  const skew = { ms: 0 };
  const actions: MachineAction[] = [];
  const runner = createMachineRunner(connectionMachine, makeInput(clock, skew, overrides), {
    clock,
    exec: (a) => actions.push(a),
  });
  const result: Run = { actorTrace: [], runnerTrace: [], runnerActions: [], statuses: [], maxPendingTimers: 0, pendingAfterStop: 0 };
  try {
    for (const s of steps) {
      if ("send" in s) {
        actor.send(s.send);
        runner.send(s.send);
      } else if ("wait" in s) {
        actor.clock.increment(s.wait);
        clock.inner.increment(s.wait);
      } else {
        actor.suspend(s.suspend);
        skew.ms += s.suspend;
      }
      const snap = runner.getSnapshot();
      result.actorTrace.push(JSON.stringify([actor.snapshot().value, actor.snapshot().context, actor.actions]));
      result.runnerTrace.push(JSON.stringify([snap.value, snap.context, actions]));
      result.runnerActions.push(actions.slice());
      result.statuses.push(snap.value);
      result.maxPendingTimers = Math.max(result.maxPendingTimers, clock.pending.size);
      actor.clear();
      actions.length = 0;
    }
  } finally {
    actor.stop();
    runner.stop();
    result.pendingAfterStop = clock.pending.size;
  }
  return result;
}

const params = { numRuns: 60, seed: 20261122 };
const steps = fc.array(step, { maxLength: 30 });

describe("connectionMachine properties", () => {
  it("should behave identically under a started actor and the pure runner", () => {
    fc.assert(
      fc.property(steps, inputOverrides, (script, overrides) => {
        const r = run(script, overrides);
        expect(r.runnerTrace).toEqual(r.actorTrace);
      }),
      params,
    );
  });

  it("should never open a socket after client.close until client.connect", () => {
    fc.assert(
      fc.property(steps, inputOverrides, (script, overrides) => {
        const r = run(script, overrides);
        let closedByApp = false;
        script.forEach((s, i) => {
          if ("send" in s && s.send.type === "client.close") closedByApp = true;
          if ("send" in s && s.send.type === "client.connect") closedByApp = false;
          if (closedByApp) expect(r.runnerActions[i]?.filter((a) => a.type === "openSocket")).toEqual([]);
        });
      }),
      params,
    );
  });

  it("should give every new socket a larger id and hold at most one timer", () => {
    fc.assert(
      fc.property(steps, inputOverrides, (script, overrides) => {
        const r = run(script, overrides);
        const ids = r.runnerActions.flat().filter((a) => a.type === "openSocket").map((a) => (a.params as { socketId: number }).socketId);
        ids.forEach((id, i) => expect(id).toBe(i + 1));
        expect(r.maxPendingTimers).toBeLessThanOrEqual(1);
        expect(r.pendingAfterStop).toBe(0);
      }),
      params,
    );
  });

  it("should never schedule a timer after reaching a resting state", () => {
    fc.assert(
      fc.property(steps, inputOverrides, (script, overrides) => {
        const clock = new CountingClock();
        const runner = createMachineRunner(connectionMachine, makeInput(clock, { ms: 0 }, overrides), { clock, exec: () => {} });
        try {
          for (const s of script) {
            if ("send" in s) runner.send(s.send);
            else if ("wait" in s) clock.inner.increment(s.wait);
            const value = runner.getSnapshot().value;
            if (value === "idle" || value === "closed" || value === "failed") expect(clock.pending.size).toBe(0);
            if (typeof value === "object" && "reconnecting" in value && value.reconnecting === "offline") {
              expect(clock.pending.size).toBe(0);
            }
          }
        } finally {
          runner.stop();
        }
      }),
      params,
    );
  });
});
