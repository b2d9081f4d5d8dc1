/**
 * The production interpreter of XState machines: holds one snapshot, feeds it
 * events through the machine's pure transition (what XState's `transition()`
 * does, without its per-call actor; see {@link collectingScope}), executes the
 * returned named actions and schedules delayed events on an injected {@link Clock}.
 *
 * Why not `createActor`: a started actor costs ~4.6 KB of heap per connection;
 * this runner costs the snapshot plus a few fields (~1 KB), which matters for
 * servers and bots that hold thousands of idle connections.
 *
 * @module
 */
import type {
  AnyActorRef,
  AnyActorScope,
  AnyStateMachine,
  EventFromLogic,
  InputFrom,
  InteropSubscribable,
  Observer,
  SnapshotFrom,
} from "xstate";
import type { Clock } from "./clock.js";

/** A named action returned by the machine, to be performed by the runner's owner. */
export interface MachineAction {
  /** Action name, e.g. `"openSocket"`. */
  type: string;
  /** Resolved params of the action. */
  params: unknown;
}

/** Options of {@link createMachineRunner}. */
export interface MachineRunnerOptions {
  /** Schedules the machine's `after` delays. */
  clock: Clock;
  /**
   * Performs one named action. Called synchronously during `send()`, after the
   * snapshot has moved on; it may call `send()` again (the event is queued).
   * If it throws, the remaining actions and queued events still run and the
   * first error is rethrown from the outer `send()` (or the timer callback).
   */
  exec(action: MachineAction): void;
  /**
   * Called with every new snapshot, before the subscribers: the owner's own
   * observer without a subscription (no entry, closure or observer list per runner).
   */
  changed?(snapshot: unknown): void;
}

/** A subscription to a {@link MachineRunner}. */
export interface RunnerSubscription {
  /** Stops delivery to this observer. */
  unsubscribe(): void;
}

/**
 * An ActorRef-like view of a running machine: `getSnapshot` / `subscribe` /
 * `send`, plus `Symbol.observable` so `from(runner)` works in RxJS.
 */
export interface MachineRunner<TSnapshot, TEvent> {
  /** The current snapshot. */
  getSnapshot(): TSnapshot;
  /**
   * Processes `event`. Re-entrant safe: an event sent from inside an action (or
   * an observer) is queued and processed after the current one. Ignored after
   * {@link MachineRunner.stop}.
   */
  send(event: TEvent): void;
  /**
   * Calls `observer` with every new snapshot (not the current one), like an
   * XState actor. `complete` is called on `stop()`.
   */
  subscribe(observer: ((snapshot: TSnapshot) => void) | Partial<Observer<TSnapshot>>): RunnerSubscription;
  /** Interop with RxJS and other observable libraries. */
  [Symbol.observable](): InteropSubscribable<TSnapshot>;
  /** Clears every scheduled timer and completes subscribers; later sends are ignored. Idempotent. */
  stop(): void;
}

interface RaiseParams {
  event: unknown;
  id?: string;
  delay?: number;
}

/** An action as the machine hands it to its scope's `actionExecutor`. */
interface ExecutableAction {
  type: string;
  params?: unknown;
}

const noop = (): void => {};

function noActor(what: string): never {
  throw new TypeError(`createMachineRunner runs no actor, so ${what}: run this machine with XState's createActor`);
}

// Only the machine's own bookkeeping reaches these (inspection events, dropped),
// and the `self`/`system` arguments of assigners, guards' params and the context
// factory, where what an actor would do fails with a clear error.
const inertSystem = { _sendInspectionEvent: noop, get: () => undefined } as unknown as AnyActorScope["system"];
const inertSelf = {
  id: "",
  sessionId: "",
  send: () => noActor("`self.send()` has no mailbox"),
  getSnapshot: () => noActor("`self.getSnapshot()` has no actor snapshot"),
  // XState reads its parent's system only to create a child actor (invoke, spawn).
  get system(): never {
    return noActor("it cannot invoke or spawn a child actor");
  },
} as unknown as AnyActorRef;

/**
 * An actor scope that collects the actions a transition returns, nothing else.
 *
 * Why not XState's `transition()` / `initialTransition()`: each call builds its
 * inert scope around a new (never started) actor, whose constructor computes
 * the machine's initial snapshot. For the connection machine that is ~16 µs
 * and a few KB of garbage per event, about 90 % of the event's cost; with this
 * scope the same event takes ~2 µs. The calls below are the machine's own
 * ActorLogic methods, which those two functions wrap. Nothing here can spawn,
 * stop children or be sent to: the runner runs no invoked or spawned actors.
 */
function collectingScope(actions: ExecutableAction[]): AnyActorScope {
  return {
    self: inertSelf,
    id: "",
    sessionId: "",
    logger: noop,
    defer: noop,
    emit: noop,
    system: inertSystem,
    stopChild: noop,
    // Called without `this` (XState wraps and restores it per microstep).
    actionExecutor: (action) => {
      actions.push(action);
    },
  };
}

/** The snapshot the machine starts in, and the actions of that first step. */
function initialStep<TMachine extends AnyStateMachine>(
  machine: TMachine,
  input: InputFrom<TMachine>,
): [SnapshotFrom<TMachine>, ExecutableAction[]] {
  const actions: ExecutableAction[] = [];
  return [machine.getInitialSnapshot(collectingScope(actions), input) as SnapshotFrom<TMachine>, actions];
}

/** The snapshot after `event`, and the actions to perform (none performed here). */
function step<TMachine extends AnyStateMachine>(
  machine: TMachine,
  snapshot: SnapshotFrom<TMachine>,
  event: EventFromLogic<TMachine>,
): [SnapshotFrom<TMachine>, ExecutableAction[]] {
  const actions: ExecutableAction[] = [];
  return [machine.transition(snapshot, event, collectingScope(actions)) as SnapshotFrom<TMachine>, actions];
}

/** The parts of an XState machine snapshot that are derived from its state nodes alone. */
interface DerivedSnapshotParts {
  _nodes: readonly unknown[];
  value: unknown;
  tags: ReadonlySet<string>;
  children: Record<string, unknown>;
  historyValue: Record<string, unknown>;
}

const emptyTags: ReadonlySet<string> = new Set<string>();
const emptyRecord: Record<string, unknown> = Object.freeze({});
/** Per machine: the `_nodes` and `value` of each configuration, keyed by state node ids. */
const configurations = new WeakMap<object, Map<string, { nodes: readonly unknown[]; value: unknown }>>();

function isEmpty(record: Record<string, unknown>): boolean {
  for (const _ in record) return false;
  return true;
}

/**
 * Replaces the parts of a fresh snapshot that only depend on which states are
 * active (node list, state value, empty tags/children/history) with one shared
 * copy per configuration: thousands of idle runners then hold only their own
 * context. XState treats all of these as read-only: it copies before it
 * changes any of them, and derives them again for every new snapshot.
 */
function shareDerivedParts<T>(snapshot: T): T {
  const parts = snapshot as T & DerivedSnapshotParts & { machine?: object };
  const machine = parts.machine;
  if (machine === undefined || !Array.isArray(parts._nodes)) return snapshot;
  if (parts.tags.size === 0) parts.tags = emptyTags;
  if (parts.children !== emptyRecord && isEmpty(parts.children)) parts.children = emptyRecord;
  if (parts.historyValue !== emptyRecord && isEmpty(parts.historyValue)) parts.historyValue = emptyRecord;
  let byKey = configurations.get(machine);
  if (byKey === undefined) configurations.set(machine, (byKey = new Map()));
  let key = "";
  for (const node of parts._nodes) key += `${(node as { id: string }).id}\n`;
  const shared = byKey.get(key);
  if (shared === undefined) byKey.set(key, { nodes: parts._nodes, value: parts.value });
  else {
    parts._nodes = shared.nodes;
    parts.value = shared.value;
  }
  return snapshot;
}

/** @internal */
class PureMachineRunner<TMachine extends AnyStateMachine>
  implements MachineRunner<SnapshotFrom<TMachine>, EventFromLogic<TMachine>>
{
  private snapshot: SnapshotFrom<TMachine>;
  private readonly machine: TMachine;
  /** The options object itself, kept as is: an owner can pass itself and spend no closures. */
  private readonly host: MachineRunnerOptions;
  // Lazily created: most runners hold one or two timers and no queued events.
  // Timers are a flat [id, handle, serial, id, handle, serial, …] list: for the one
  // to three timers a connection has, that is a third of the heap of a Map.
  private timers: unknown[] | undefined = undefined;
  private queue: EventFromLogic<TMachine>[] | undefined = undefined;
  private observers: Partial<Observer<SnapshotFrom<TMachine>>>[] | undefined = undefined;
  private processing = false;
  private stopped = false;
  private timerSerial = 0;

  constructor(machine: TMachine, input: InputFrom<TMachine>, options: MachineRunnerOptions) {
    this.machine = machine;
    this.host = options;
    const [snapshot, actions] = initialStep(machine, input);
    this.snapshot = shareDerivedParts(snapshot) as SnapshotFrom<TMachine>;
    this.processing = true;
    try {
      this.perform(actions);
    } finally {
      this.processing = false;
    }
    this.drain();
    // Final, or failed in its first step (an invoke, a throwing context factory): as process() does after any step.
    if ((this.snapshot as { status?: string }).status !== "active") this.stop();
  }

  getSnapshot(): SnapshotFrom<TMachine> {
    return this.snapshot;
  }

  send(event: EventFromLogic<TMachine>): void {
    if (this.stopped) return;
    (this.queue ??= []).push(event);
    if (!this.processing) this.drain();
  }

  subscribe(
    observer: ((snapshot: SnapshotFrom<TMachine>) => void) | Partial<Observer<SnapshotFrom<TMachine>>>,
  ): RunnerSubscription {
    const entry: Partial<Observer<SnapshotFrom<TMachine>>> =
      typeof observer === "function" ? { next: observer } : observer;
    if (this.stopped) {
      entry.complete?.();
      return { unsubscribe: () => {} };
    }
    this.observers = this.observers === undefined ? [entry] : this.observers.concat(entry);
    return {
      unsubscribe: () => {
        const observers = this.observers;
        const index = observers?.indexOf(entry) ?? -1;
        if (observers !== undefined && index >= 0) this.observers = observers.length === 1 ? undefined : observers.filter((o) => o !== entry);
      },
    };
  }

  // Installed on the prototype below under the key RxJS and XState actually use.
  declare [Symbol.observable]: () => InteropSubscribable<SnapshotFrom<TMachine>>;

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.queue = undefined;
    const timers = this.timers;
    this.timers = undefined;
    if (timers) for (let i = 0; i < timers.length; i += 3) this.host.clock.clearTimeout(timers[i + 1]);
    const observers = this.observers;
    this.observers = undefined;
    if (observers) for (const observer of observers) observer.complete?.();
  }

  /** Number of scheduled delayed events (for tests and diagnostics). */
  get pendingTimerCount(): number {
    return (this.timers?.length ?? 0) / 3;
  }

  private drain(): void {
    this.processing = true;
    let firstError: unknown;
    let failed = false;
    try {
      while (!this.stopped && this.queue !== undefined && this.queue.length > 0) {
        const event = this.queue.shift() as EventFromLogic<TMachine>;
        if (this.queue.length === 0) this.queue = undefined;
        // One failing event (a throwing guard, action or observer) must not strand the
        // events queued behind it; the first error is rethrown once the queue is empty.
        try {
          this.process(event);
        } catch (error) {
          if (!failed) [failed, firstError] = [true, error];
        }
      }
    } finally {
      this.processing = false;
    }
    if (failed) throw firstError;
  }

  private process(event: EventFromLogic<TMachine>): void {
    const [next, actions] = step(this.machine, this.snapshot, event);
    // A transition returns the same snapshot for a targetless transition that only
    // schedules or runs actions, so actions are performed even when nothing changed.
    const changed = next !== this.snapshot;
    this.snapshot = (changed ? shareDerivedParts(next) : next) as SnapshotFrom<TMachine>;
    try {
      this.perform(actions);
    } finally {
      if (changed) this.notify();
      // A final (or errored) machine accepts nothing more: release its timers like an actor would.
      if ((this.snapshot as { status?: string }).status !== "active") this.stop();
    }
  }

  private perform(actions: readonly ExecutableAction[]): void {
    let failed = false;
    let firstError: unknown;
    for (const action of actions) {
      if (this.stopped) return;
      try {
        if (action.type === "xstate.raise") this.schedule(action.params as RaiseParams);
        else if (action.type === "xstate.cancel") this.cancel((action.params as { sendId: string }).sendId);
        // Other built-ins (assign, immediate raise…) are already applied by the transition.
        else if (!action.type.startsWith("xstate.")) this.host.exec({ type: action.type, params: action.params });
      } catch (error) {
        // One failing action must not skip the rest (e.g. a timer after a throwing openSocket).
        if (!failed) [failed, firstError] = [true, error];
      }
    }
    if (failed) throw firstError;
  }

  private schedule(params: RaiseParams): void {
    // Immediate raises were processed inside the transition; only delayed ones remain to do.
    if (params.delay === undefined) return;
    const serial = ++this.timerSerial;
    const id = params.id ?? `runner.timer.${serial}`;
    this.cancel(id);
    const event = params.event as EventFromLogic<TMachine>;
    const handle = this.host.clock.setTimeout(() => {
      // The serial guards against a clock that runs a timer it was asked to clear.
      const at = this.indexOfTimer(id);
      if (at < 0 || this.timers?.[at + 2] !== serial) return;
      this.removeTimer(at);
      this.send(event);
    }, params.delay);
    (this.timers ??= []).push(id, handle, serial);
  }

  private cancel(id: string): void {
    const at = this.indexOfTimer(id);
    if (at < 0 || this.timers === undefined) return;
    this.host.clock.clearTimeout(this.timers[at + 1]);
    this.removeTimer(at);
  }

  /** An idle connection has no timers: drop the emptied list instead of keeping it around. */
  private removeTimer(at: number): void {
    const timers = this.timers;
    if (timers === undefined) return;
    if (timers.length === 3) this.timers = undefined;
    else timers.splice(at, 3);
  }

  private indexOfTimer(id: string): number {
    const timers = this.timers;
    if (timers === undefined) return -1;
    for (let i = 0; i < timers.length; i += 3) if (timers[i] === id) return i;
    return -1;
  }

  private notify(): void {
    const snapshot = this.snapshot;
    let failed = false;
    let firstError: unknown;
    if (this.host.changed !== undefined) {
      try {
        this.host.changed(snapshot);
      } catch (error) {
        [failed, firstError] = [true, error];
      }
    }
    const observers = this.observers;
    if (!observers) {
      if (failed) throw firstError;
      return;
    }
    // Never mutated (replaced on subscribe/unsubscribe): safe while an observer unsubscribes itself.
    for (const observer of observers) {
      try {
        observer.next?.(snapshot);
      } catch (error) {
        if (!failed) [failed, firstError] = [true, error];
      }
    }
    if (failed) throw firstError;
  }
}

// RxJS and XState look up Symbol.observable when the platform has it, else
// "@@observable" (Node 20 has no Symbol.observable). Install under both.
function interop<T>(this: T): T {
  return this;
}
const runnerPrototype = PureMachineRunner.prototype as unknown as Record<PropertyKey, unknown>;
runnerPrototype["@@observable"] = interop;
if (typeof Symbol === "function" && typeof Symbol.observable === "symbol") runnerPrototype[Symbol.observable] = interop;

/**
 * Runs `machine` without an XState actor: snapshot plus timers, nothing else.
 * Entry actions of the initial state are executed before this returns.
 *
 * The returned runner is generic over any machine without child actors;
 * `client.actor` is one of these driving `connectionMachine`. There is no
 * actor behind it: a step that would invoke or spawn an actor, or call
 * `self.send()` / `self.getSnapshot()`, fails with a TypeError that says so:
 * thrown from `send()`, or, in the initial step, recorded as the snapshot's
 * `error` with status `"error"` (as XState records it), and the runner stops.
 * `self.id` is `""` and `system.get()` finds nothing.
 */
export function createMachineRunner<TMachine extends AnyStateMachine>(
  machine: TMachine,
  input: InputFrom<TMachine>,
  options: MachineRunnerOptions,
): MachineRunner<SnapshotFrom<TMachine>, EventFromLogic<TMachine>> {
  return new PureMachineRunner(machine, input, options);
}
