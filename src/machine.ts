/**
 * The connection statechart. Pure: it never touches a socket, a timer or
 * `Date`. Side effects leave it as named actions (`openSocket`, `sendPing`, …)
 * that the client executes; time enters only through XState `after` delays
 * (scheduled on the injected clock by whoever runs the machine) and through the
 * `now()` / `random()` functions passed in the input.
 *
 * Production drives it with {@link createMachineRunner} (snapshot only, about a
 * fifth of the memory of a started actor); tests may use
 * `createActor(connectionMachine, { input, clock: new SimulatedClock() })`.
 *
 * API change: `attempt` is no longer reset by an `after resetAfter` timer while
 * open; it is reset when a connection that lasted `resetAfterMs` (by `now()`)
 * ends. Same backoff behaviour, one pending timer less per idle connection;
 * `attempt` now reads as "the attempt that succeeded" while `open`.
 *
 * @module
 */
import { and, assign, not, setup } from "xstate";
import type { PropertyAssigner } from "xstate";
import { reconnectDelay } from "./backoff.js";
import { classifyClose, CloseCode } from "./close-codes.js";
import { ErrorCode } from "./errors.js";

/** How a connection ended, as reported by the close event (or synthesised by rxwire). */
export interface CloseInfo {
  /** Close code; 49xx codes are rxwire's own (see `CloseCode`). */
  code: number;
  /** Close reason sent by the peer or chosen by rxwire; may be empty. */
  reason: string;
  /** True when the closing handshake completed. */
  wasClean: boolean;
}

/** When and how fast to reconnect after an unplanned close. */
export interface ReconnectPolicy {
  /** Ceiling of the first retry's delay, in ms. */
  initialDelayMs: number;
  /** Largest delay between two attempts, in ms. */
  maxDelayMs: number;
  /** Growth of the ceiling per attempt (2 doubles it). */
  factor: number;
  /**
   * `"full"`: each delay is drawn uniformly below the ceiling; `"equal"`: in
   * its upper half (`ceiling / 2` to `ceiling`); `"none"`: the ceiling itself.
   */
  jitter: "full" | "equal" | "none";
  /** Consecutive failed attempts after which the connection gives up (`failed`). `Infinity` never gives up. */
  maxAttempts: number;
  /**
   * A connection that stayed open at least this long counts as stable: when it
   * drops, the attempt counter starts from 0 again (judged by `now()` on close).
   */
  resetAfterMs: number;
  /**
   * Decides whether a close deserves a reconnect. Defaults to
   * `classifyClose(close) === "retry"`. Also asked after an HTTP 401/403
   * handshake rejection (close code 4902, which `classifyClose` calls fatal),
   * which otherwise ends in `failed`.
   * May be called more than once for one close: keep it pure. If it throws,
   * the default verdict applies (and the client reports a `CallbackError`).
   */
  shouldReconnect?: (close: CloseInfo) => boolean;
}

/** Application-level keepalive: ping when quiet, drop the link when the pong does not come. */
export interface HeartbeatPolicy {
  /** Quiet time after which a ping is sent, in ms. */
  intervalMs: number;
  /** How long to wait for any inbound frame after a ping before the link counts as dead, in ms. */
  timeoutMs: number;
}

/** Everything the connection machine is configured with. */
export interface ConnectionMachineInput {
  /** `connecting` longer than this counts as a failed attempt (close code 4901). */
  connectTimeoutMs: number;
  /** `closing` longer than this terminates the socket without waiting for the close frame. */
  closeTimeoutMs: number;
  /** Reconnect policy, or `false` to never reconnect. */
  reconnect: ReconnectPolicy | false;
  /** Heartbeat policy, or `false` for no heartbeat. */
  heartbeat: HeartbeatPolicy | false;
  /** Wall clock in ms; used to notice that timers were frozen (suspended device). */
  now: () => number;
  /** Uniform random number in [0, 1); drawn once per reconnect attempt for jitter (if it throws: no jitter for that delay). */
  random: () => number;
}

/** Events the connection machine understands. Unexpected events are ignored, never thrown. */
export type ConnectionEvent =
  /** The app wants a connection. */
  | { type: "client.connect" }
  /** The app wants the connection closed; it never reconnects after this. */
  | { type: "client.close"; code?: number; reason?: string }
  /** Socket `socketId` completed its opening handshake. */
  | { type: "transport.open"; socketId: number }
  /** Socket `socketId` closed. */
  | { type: "transport.close"; socketId: number; code: number; reason: string; wasClean: boolean }
  /**
   * Socket `socketId` failed. With `status` the HTTP upgrade was refused with that
   * status (401/403 end in `failed` unless `shouldReconnect` says otherwise).
   * `fatal` marks a refusal that retrying cannot fix although it has no such
   * status (the server picked no or another subprotocol): handled like 401/403.
   */
  | {
      type: "transport.error";
      socketId: number;
      code: ErrorCode;
      message: string;
      status?: number;
      fatal?: boolean;
      /** The socket's own close code for this failure (1009: a message over its size limit); `lastClose` gets it instead of 4904. */
      closeCode?: number;
    }
  /** The first inbound frame on socket `socketId` after a `sendPing`. */
  | { type: "transport.activity"; socketId: number }
  /** Asked before a send: drops the link if the heartbeat deadline has passed. */
  | { type: "liveness.check" }
  /** The device lost its network. */
  | { type: "network.offline" }
  /** The device regained its network. */
  | { type: "network.online" };

/** Params of `openSocket`: create transport number `socketId` for attempt `attempt` (0 = first try). */
export interface OpenSocketParams {
  /** Id the client tags every event of the new transport with. */
  socketId: number;
  /** Reconnect attempt number; 0 for a first connect. */
  attempt: number;
}
/** Params of `closeSocket` (polite close handshake) and `terminateSocket` (destroy at once). */
export interface CloseSocketParams {
  /** The transport to close; ignore the action if it is already gone. */
  socketId: number;
  /** Close code; a local 49xx code must not be put on the wire (send 1000/1001 instead). */
  code: number;
  /** Close reason. */
  reason: string;
}
/** Params of `sendPing` and `flushOutbox`. */
export interface SocketParams {
  /** The transport concerned. */
  socketId: number;
}
/** Params of `reportError`: the client turns them into a typed error on `errors$`. */
export interface ReportErrorParams {
  /** Which error class to build. */
  code: ErrorCode;
  /** Human-readable cause. */
  message: string;
  /** The ending this error caused or describes, if any. */
  close?: CloseInfo;
  /** HTTP status of a rejected handshake. */
  status?: number;
}

/** Every side effect the machine asks its runner to perform, as a discriminated union. */
export type ConnectionAction =
  | { type: "openSocket"; params: OpenSocketParams }
  | { type: "closeSocket"; params: CloseSocketParams }
  | { type: "terminateSocket"; params: CloseSocketParams }
  | { type: "sendPing"; params: SocketParams }
  | { type: "flushOutbox"; params: SocketParams }
  | { type: "reportError"; params: ReportErrorParams };

/** The machine's context: small connection facts, never payloads. */
export interface ConnectionContext {
  /** The configuration the machine was created with. */
  readonly config: ConnectionMachineInput;
  /**
   * Reconnect attempts since the last stable connection (0 on the first try).
   * While `open` it keeps the number of the attempt that succeeded; it drops back
   * to 0 when a connection that lasted `resetAfterMs` ends.
   */
  attempt: number;
  /** Id of the current socket; increments with every `openSocket`. */
  socketId: number;
  /** Delay drawn for the pending reconnect, while `reconnecting`. */
  retryDelayMs: number | undefined;
  /** `now()` at which the pending reconnect fires, while `reconnecting.waiting`. */
  nextAttemptAt: number | undefined;
  /** How the last connection ended. */
  lastClose: CloseInfo | undefined;
  /** Why the machine is `failed`. */
  failure: { code: ErrorCode; message: string } | undefined;
  /** Last known network state (from `network.online` / `network.offline`). */
  online: boolean;
  /** `now()` when the current socket opened. */
  openedAt: number | undefined;
  /** `now()` when the outstanding ping was sent. */
  pingSentAt: number | undefined;
  /** `pingSentAt + timeoutMs` while a ping is outstanding. */
  heartbeatDeadline: number | undefined;
  /** Code and reason of the close the app asked for, while `closing`. */
  closeRequest: { code: number; reason: string } | undefined;
}

const noop = (): void => {};
/** Longest delay a timer honours; stands for "never" in delays that must exist. */
const neverMs = 2 ** 31 - 1;

type Ev<T extends ConnectionEvent["type"]> = Extract<ConnectionEvent, { type: T }>;

function isCurrentSocket(context: ConnectionContext, event: ConnectionEvent): boolean {
  return "socketId" in event && event.socketId === context.socketId;
}

/**
 * The app's `shouldReconnect` verdict. A throwing callback must not wedge the
 * machine (the transition would be lost, leaving a state without a socket):
 * it counts as not set, i.e. the default verdict (the client reports it).
 */
function askShouldReconnect(policy: ReconnectPolicy, close: CloseInfo): boolean {
  try {
    if (policy.shouldReconnect) return policy.shouldReconnect(close);
  } catch {
    // Reported by the client; fall through to the default verdict.
  }
  return classifyClose(close) === "retry";
}

function wantsReconnect(context: ConnectionContext, close: CloseInfo): boolean {
  const policy = context.config.reconnect;
  return policy !== false && askShouldReconnect(policy, close);
}

/** `random()` for jitter; a throwing one means no jitter for that delay (1: the ceiling), so the machine moves on. */
function drawRandom(random: () => number): number {
  try {
    return random();
  } catch {
    return 1;
  }
}

function isStable(context: ConnectionContext): boolean {
  const policy = context.config.reconnect;
  if (policy === false || context.openedAt === undefined) return false;
  return context.config.now() - context.openedAt >= policy.resetAfterMs;
}

function isAuthRejection(event: ConnectionEvent): boolean {
  return (
    event.type === "transport.error" &&
    (event.status === 401 || event.status === 403 || (event.fatal === true && event.code === ErrorCode.HandshakeRejected))
  );
}

/**
 * The ending a failed attempt records: 4902 for a refusal a retry cannot fix
 * (401/403, or a refusal without status such as no agreed subprotocol), 4905
 * for any other HTTP answer to the upgrade (retried), 4904 for anything else.
 */
function handshakeClose(event: Ev<"transport.error">): CloseInfo {
  if (event.status === undefined && event.code === ErrorCode.HandshakeRejected) {
    return { code: CloseCode.HandshakeRejected, reason: event.message, wasClean: false };
  }
  if (event.status === undefined) return { code: event.closeCode ?? CloseCode.TransportError, reason: event.message, wasClean: false };
  return {
    code: event.status === 401 || event.status === 403 ? CloseCode.HandshakeRejected : CloseCode.UpgradeFailed,
    reason: `handshake rejected: HTTP ${event.status}`,
    wasClean: false,
  };
}

function closeOfEvent(event: Ev<"transport.close">): CloseInfo {
  return { code: event.code, reason: event.reason, wasClean: event.wasClean };
}

function describeClose(close: CloseInfo | undefined): string {
  if (!close) return "connection closed";
  return close.reason ? `connection closed (${close.code}: ${close.reason})` : `connection closed (${close.code})`;
}

/** What action parameter functions receive. */
interface ActionArgs {
  context: ConnectionContext;
  event: ConnectionEvent;
}

/** `assign` typed for this machine, for actions defined outside `createMachine`. */
const assignContext = (assignment: PropertyAssigner<ConnectionContext, ConnectionEvent, undefined, ConnectionEvent, never>) =>
  assign<ConnectionContext, ConnectionEvent, undefined, ConnectionEvent, never>(assignment);

/** An ending rxwire decided itself (no close frame was exchanged). */
const localClose = (code: number, reason: string): CloseInfo => ({ code, reason, wasClean: false });

/** The close the app asked for with `client.close()`, while `closing`. */
const requestedClose = ({ context }: ActionArgs): CloseInfo =>
  localClose(context.closeRequest?.code ?? CloseCode.Normal, context.closeRequest?.reason ?? "");

/**
 * Destroys the current socket and records why as `lastClose`. Later actions of
 * the same transition see the new `lastClose` (XState v5 applies `assign` in order).
 */
function dropSocket(close: (args: ActionArgs) => CloseInfo, terminateReason?: string) {
  return [
    {
      type: "terminateSocket",
      params: (args: ActionArgs): CloseSocketParams => {
        const { code, reason } = close(args);
        return { socketId: args.context.socketId, code, reason: terminateReason ?? reason };
      },
    },
    assignContext({ lastClose: close }),
  ] as const;
}

/** Reports `lastClose` with an error code and message on `errors$`. */
function reportClose(code: (args: ActionArgs) => ErrorCode, message: (args: ActionArgs) => string, status?: (args: ActionArgs) => number | undefined) {
  return {
    type: "reportError",
    params: (args: ActionArgs): ReportErrorParams => {
      const reported: ReportErrorParams = { code: code(args), message: message(args) };
      if (args.context.lastClose) reported.close = args.context.lastClose;
      const httpStatus = status?.(args);
      if (httpStatus !== undefined) reported.status = httpStatus;
      return reported;
    },
  } as const;
}

const transportError = (event: ConnectionEvent): Ev<"transport.error"> => event as Ev<"transport.error">;
const statusOfError = ({ event }: ActionArgs): number | undefined => transportError(event).status;
const messageOfError = ({ event }: ActionArgs): string => transportError(event).message;
const recordEventClose = assignContext({ lastClose: ({ event }) => closeOfEvent(event as Ev<"transport.close">) });
const socketParams = ({ context }: ActionArgs): SocketParams => ({ socketId: context.socketId });
const resetAttempts = assignContext({ attempt: 0, failure: undefined });
const goOffline = {
  target: "#connection.reconnecting.offline",
  actions: [...dropSocket(() => localClose(CloseCode.Offline, "offline")), assignContext({ online: false })],
} as const;

/**
 * The connection statechart.
 *
 * Top-level states are the public `ConnectionStatus`: `idle`, `connecting`,
 * `open` (substates `idle`/`probing` with a heartbeat, `unmonitored` without),
 * `closing`, `closed`, `reconnecting` (`waiting` or `offline`) and `failed`.
 * `deciding`, `open.starting` and `open.dead` are transient (left in the same
 * step, never seen in a snapshot): `deciding` is the retry decision taken after
 * `lastClose` is set, `open.starting` picks the heartbeat substate, `open.dead`
 * is the heartbeat-loss cleanup shared by the timer and `liveness.check`.
 */
export const connectionMachine = setup({
  types: {
    context: {} as ConnectionContext,
    events: {} as ConnectionEvent,
    input: {} as ConnectionMachineInput,
  },
  actions: {
    openSocket: (_, _params: OpenSocketParams) => noop(),
    closeSocket: (_, _params: CloseSocketParams) => noop(),
    terminateSocket: (_, _params: CloseSocketParams) => noop(),
    sendPing: (_, _params: SocketParams) => noop(),
    flushOutbox: (_, _params: SocketParams) => noop(),
    reportError: (_, _params: ReportErrorParams) => noop(),
  },
  guards: {
    isCurrentSocket: ({ context, event }) => isCurrentSocket(context, event),
    isCurrentAuthRejection: ({ context, event }) => isCurrentSocket(context, event) && isAuthRejection(event),
    isHeartbeatDisabled: ({ context }) => context.config.heartbeat === false,
    isHeartbeatExpired: ({ context }) =>
      context.heartbeatDeadline !== undefined && context.config.now() > context.heartbeatDeadline,
    // Timers were frozen (laptop lid, backgrounded tab): the wall clock moved far
    // beyond the timeout, so the pong never had a chance to arrive.
    wasSuspended: ({ context }) => {
      const hb = context.config.heartbeat;
      if (hb === false || context.pingSentAt === undefined) return false;
      return context.config.now() - context.pingSentAt > 2 * hb.timeoutMs + hb.intervalMs;
    },
    userAllowsAuthRetry: ({ context, event }) => {
      const policy = context.config.reconnect;
      if (policy === false || !policy.shouldReconnect || event.type !== "transport.error") return false;
      return askShouldReconnect(policy, handshakeClose(event));
    },
    isReconnectDeclinedNormal: ({ context }) =>
      context.lastClose !== undefined &&
      !wantsReconnect(context, context.lastClose) &&
      classifyClose(context.lastClose) === "normal",
    isReconnectDeclined: ({ context }) => context.lastClose === undefined || !wantsReconnect(context, context.lastClose),
    isOffline: ({ context }) => !context.online,
    areAttemptsExhausted: ({ context }) =>
      context.config.reconnect !== false && context.attempt >= context.config.reconnect.maxAttempts,
  },
  delays: {
    connectTimeout: ({ context }) => context.config.connectTimeoutMs,
    closeTimeout: ({ context }) => context.config.closeTimeoutMs,
    heartbeatInterval: ({ context }) => (context.config.heartbeat === false ? neverMs : context.config.heartbeat.intervalMs),
    heartbeatTimeout: ({ context }) => (context.config.heartbeat === false ? neverMs : context.config.heartbeat.timeoutMs),
    reconnectDelay: ({ context }) => context.retryDelayMs ?? 0,
  },
}).createMachine({
  id: "connection",
  context: ({ input }) => ({
    config: input,
    attempt: 0,
    socketId: 0,
    retryDelayMs: undefined,
    nextAttemptAt: undefined,
    lastClose: undefined,
    failure: undefined,
    online: true,
    openedAt: undefined,
    pingSentAt: undefined,
    heartbeatDeadline: undefined,
    closeRequest: undefined,
  }),
  initial: "idle",
  on: {
    "network.offline": { actions: assign({ online: false }) },
    "network.online": { actions: assign({ online: true }) },
  },
  states: {
    idle: {
      on: { "client.connect": { target: "connecting" } },
    },

    connecting: {
      entry: [
        assign({
          socketId: ({ context }) => context.socketId + 1,
          openedAt: undefined,
          pingSentAt: undefined,
          heartbeatDeadline: undefined,
          closeRequest: undefined,
        }),
        {
          type: "openSocket",
          params: ({ context }) => ({ socketId: context.socketId, attempt: context.attempt }),
        },
      ],
      after: {
        connectTimeout: {
          target: "deciding",
          actions: [
            ...dropSocket(() => localClose(CloseCode.ConnectTimeout, "connect timeout")),
            reportClose(
              () => ErrorCode.ConnectTimeout,
              ({ context }) => `socket did not open within ${context.config.connectTimeoutMs} ms`,
            ),
          ],
        },
      },
      on: {
        // A socket that opened proves the network works, whatever the browser said (a LAN server, a wrong navigator.onLine).
        "transport.open": { guard: "isCurrentSocket", target: "open", actions: assign({ online: true }) },
        "transport.close": { guard: "isCurrentSocket", target: "deciding", actions: recordEventClose },
        "transport.error": [
          {
            // 401/403: credentials or permissions are wrong; retrying would hammer the
            // server with the same refusal. Only an explicit shouldReconnect retries.
            guard: and(["isCurrentAuthRejection", not("userAllowsAuthRetry")]),
            target: "failed",
            actions: [
              ...dropSocket(({ event }) => handshakeClose(transportError(event)), "handshake rejected"),
              assign({ failure: ({ event }) => ({ code: ErrorCode.HandshakeRejected, message: event.message }) }),
              reportClose(() => ErrorCode.HandshakeRejected, messageOfError, statusOfError),
            ],
          },
          {
            guard: "isCurrentSocket",
            target: "deciding",
            actions: [
              ...dropSocket(({ event }) => handshakeClose(transportError(event))),
              reportClose(
                ({ event }) => (transportError(event).status === undefined ? transportError(event).code : ErrorCode.HandshakeRejected),
                messageOfError,
                statusOfError,
              ),
            ],
          },
        ],
        "client.close": {
          target: "closed",
          actions: dropSocket(({ event }) => {
            const request = event as Ev<"client.close">;
            return localClose(request.code ?? CloseCode.Normal, request.reason ?? "");
          }),
        },
        "network.offline": goOffline,
      },
    },

    open: {
      entry: [
        assign({ openedAt: ({ context }) => context.config.now() }),
        { type: "flushOutbox", params: socketParams },
      ],
      // A connection that stayed open for resetAfterMs was stable: the next drop starts
      // the backoff schedule afresh. Judged on leaving (by the wall clock) rather than
      // by a timer, which would cost every idle connection one more pending timer.
      exit: assign({
        attempt: ({ context }) => (isStable(context) ? 0 : context.attempt),
        pingSentAt: undefined,
        heartbeatDeadline: undefined,
      }),
      initial: "starting",
      states: {
        // Transient: picks the heartbeat substate without scheduling a timer that
        // would be cancelled in the same step.
        starting: {
          always: [{ guard: "isHeartbeatDisabled", target: "unmonitored" }, { target: "idle" }],
        },
        idle: {
          after: { heartbeatInterval: "probing" },
        },
        probing: {
          entry: [
            assign({
              pingSentAt: ({ context }) => context.config.now(),
              heartbeatDeadline: ({ context }) =>
                context.config.now() + (context.config.heartbeat === false ? 0 : context.config.heartbeat.timeoutMs),
            }),
            { type: "sendPing", params: socketParams },
          ],
          after: {
            heartbeatTimeout: [
              // Re-entering restarts the timer and sends a fresh ping.
              { guard: "wasSuspended", target: "probing", reenter: true },
              { target: "dead" },
            ],
          },
          on: {
            "transport.activity": {
              guard: "isCurrentSocket",
              target: "idle",
              actions: assign({ pingSentAt: undefined, heartbeatDeadline: undefined }),
            },
          },
        },
        unmonitored: {},
        dead: {
          entry: [
            ...dropSocket(() => localClose(CloseCode.HeartbeatTimeout, "heartbeat timeout")),
            reportClose(
              () => ErrorCode.HeartbeatTimeout,
              ({ context }) =>
                `no frame within ${context.config.heartbeat === false ? 0 : context.config.heartbeat.timeoutMs} ms of a ping`,
            ),
          ],
          always: { target: "#connection.deciding" },
        },
      },
      on: {
        "liveness.check": { guard: "isHeartbeatExpired", target: ".dead" },
        "transport.close": { guard: "isCurrentSocket", target: "deciding", actions: recordEventClose },
        "transport.error": {
          guard: "isCurrentSocket",
          target: "deciding",
          actions: [
            ...dropSocket(
              (args) => localClose(transportError(args.event).closeCode ?? CloseCode.TransportError, messageOfError(args)),
              "transport error",
            ),
            reportClose(({ event }) => transportError(event).code, messageOfError),
          ],
        },
        "client.close": {
          target: "closing",
          actions: assign({
            closeRequest: ({ event }) => ({ code: event.code ?? CloseCode.Normal, reason: event.reason ?? "" }),
          }),
        },
        "network.offline": goOffline,
      },
    },

    closing: {
      entry: {
        type: "closeSocket",
        params: (args) => {
          const { code, reason } = requestedClose(args);
          return { socketId: args.context.socketId, code, reason };
        },
      },
      after: {
        closeTimeout: { target: "closed", actions: dropSocket(requestedClose) },
      },
      on: {
        "transport.close": { guard: "isCurrentSocket", target: "closed", actions: recordEventClose },
        "transport.error": { guard: "isCurrentSocket", target: "closed", actions: dropSocket(requestedClose) },
        "client.connect": {
          // The old socket is destroyed; its late close carries a stale socketId.
          target: "connecting",
          actions: [dropSocket(requestedClose)[0], resetAttempts],
        },
      },
    },

    // Transient: the retry decision, taken once lastClose describes the ending.
    deciding: {
      always: [
        { guard: "isReconnectDeclinedNormal", target: "closed" },
        {
          guard: "isReconnectDeclined",
          target: "failed",
          actions: [
            assign({ failure: ({ context }) => ({ code: ErrorCode.Closed, message: describeClose(context.lastClose) }) }),
            reportClose(() => ErrorCode.Closed, ({ context }) => describeClose(context.lastClose)),
          ],
        },
        {
          guard: "areAttemptsExhausted",
          target: "failed",
          actions: [
            assign({
              failure: ({ context }) => ({ code: ErrorCode.Closed, message: `gave up after ${context.attempt} attempts` }),
            }),
            reportClose(() => ErrorCode.Closed, ({ context }) => `gave up after ${context.attempt} attempts`),
          ],
        },
        // Known offline (the browser said so, before or during this attempt): no
        // backoff timer ticking against a dead network; `online` retries at once.
        { guard: "isOffline", target: "#connection.reconnecting.offline" },
        { target: "reconnecting" },
      ],
    },

    reconnecting: {
      initial: "waiting",
      exit: assign({ retryDelayMs: undefined, nextAttemptAt: undefined }),
      states: {
        waiting: {
          entry: assign(({ context }) => {
            const attempt = context.attempt + 1;
            const policy = context.config.reconnect;
            const retryDelayMs = policy === false ? 0 : reconnectDelay(attempt, policy, () => drawRandom(context.config.random));
            return { attempt, retryDelayMs, nextAttemptAt: context.config.now() + retryDelayMs };
          }),
          after: { reconnectDelay: { target: "#connection.connecting" } },
          on: {
            "network.offline": {
              target: "offline",
              actions: assign({ online: false, retryDelayMs: undefined, nextAttemptAt: undefined }),
            },
          },
        },
        offline: {
          on: {
            "network.online": { target: "#connection.connecting", actions: assign({ online: true }) },
          },
        },
      },
      on: {
        "client.connect": { target: "connecting" },
        "client.close": { target: "closed" },
      },
    },

    closed: {
      on: { "client.connect": { target: "connecting", actions: resetAttempts } },
    },

    failed: {
      on: { "client.connect": { target: "connecting", actions: resetAttempts } },
    },
  },
});
