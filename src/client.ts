/**
 * `createClient()`: the imperative shell around the connection machine. It
 * runs the machine on a {@link MachineRunner}, executes the machine's named
 * actions against a {@link Transport}, and exposes the connection as RxJS
 * streams.
 *
 * Hot path: an inbound binary frame is size-checked, decoded in place and
 * pushed to `messages$` with one `next()`; the machine hears about it only
 * when a heartbeat ping is waiting for proof of life (one event per ping).
 *
 * @module
 */
import { Observable, type Subscriber, type TeardownLogic } from "rxjs";
import type { CaseName, CasesOf, EnvelopeCodec } from "./codec.js";
import { Fanout } from "./client-fanout.js";
import { systemClock, type Clock } from "./clock.js";
import { resolveClientOptions, timeoutMs, type ClientOptions, type ResolvedClientOptions } from "./client-options.js";
import {
  statusOf,
  toConnectionState,
  type ConnectionSnapshot,
  type ConnectionState,
  type ConnectionStatus,
} from "./connection-state.js";
import {
  CallbackError,
  ClosedError,
  ConnectTimeoutError,
  DecodeError,
  DisposedError,
  ErrorCode,
  HandshakeRejectedError,
  HeartbeatTimeoutError,
  InvalidUrlError,
  MessageTooLargeError,
  NotOpenError,
  OutboxFullError,
  RxwireError,
  TransportError,
  UnexpectedTextFrameError,
} from "./errors.js";
import {
  connectionMachine,
  type CloseSocketParams,
  type ConnectionEvent,
  type ConnectionMachineInput,
  type OpenSocketParams,
  type ReportErrorParams,
} from "./machine.js";
import { createMachineRunner, type MachineRunner } from "./machine-runner.js";
import { Outbox } from "./outbox.js";
import { isUnsetId, RequestTracker, requestIdKey, requestIdKindOf } from "./requests.js";
import type { Transport, TransportErrorInfo, TransportHandlers } from "./transport.js";

// `Client` extends Disposable/AsyncDisposable. Those come from lib
// "esnext.disposable" or @types/node; declaring them here (as @types/node's
// compatibility/disposable.d.ts does) keeps the published .d.ts compiling for
// consumers with neither, e.g. lib ["ES2022", "DOM"] and skipLibCheck false.
declare global {
  interface SymbolConstructor {
    /** The well-known symbol of `using` declarations (explicit resource management). */
    readonly dispose: unique symbol;
    /** The well-known symbol of `await using` declarations. */
    readonly asyncDispose: unique symbol;
  }
  /** An object released by a `using` declaration. */
  interface Disposable {
    [Symbol.dispose](): void;
  }
  /** An object released by an `await using` declaration. */
  interface AsyncDisposable {
    [Symbol.asyncDispose](): PromiseLike<void>;
  }
}

/** Options of {@link Client.request}. */
export interface RequestOptions {
  /**
   * Reject with `RequestTimeoutError` when no envelope with the request's id arrives in time, in ms.
   * Above 0 and at most 2^31 − 1 (a timer's limit); anything else (`Infinity` included)
   * rejects the request at once with a `RangeError`, and nothing is sent.
   * @default 10000
   */
  timeoutMs?: number;
  /** Aborting it rejects the request with the signal's reason (the message may already be on the wire). */
  signal?: AbortSignal;
}

/** A WebSocket connection as RxJS streams; created by {@link createClient}. */
export interface Client<TMessage> extends Disposable, AsyncDisposable {
  /** The connection state; replays the current one to each subscriber and then emits each change. */
  readonly state$: Observable<ConnectionState>;
  /** Every decoded inbound message; hot and shared; survives reconnects and never errors (completes on dispose). */
  readonly messages$: Observable<TMessage>;
  /** Typed problems that do not end the client: decode errors, outbox overflow, handshake refusal, timeouts… */
  readonly errors$: Observable<RxwireError>;
  /** The values of one oneof case of the envelope, e.g. `client.on("status")`. */
  on<C extends CaseName<TMessage>>(name: C): Observable<CasesOf<TMessage>[C]>;
  /**
   * Encodes and sends now when open; otherwise queues in the outbox. A socket
   * that already got the server's close frame (still `open` until it closes)
   * counts as not open: the message is queued, never silently dropped. Throws
   * `OutboxFullError` (outbox full) or `NotOpenError` (no outbox), also
   * emitted on `errors$`; throws `EncodeError` for unencodable messages.
   */
  send(message: TMessage): void;
  /**
   * Sends `message` (queued in the outbox while not open, like `send()`; a
   * request that settles while still queued, by timeout or abort, is withdrawn
   * and never sent) with a fresh correlation `id` (when its `id` is 0) and
   * resolves with the first inbound envelope carrying that id. Ids are in the
   * envelope's own representation (`bigint`, or `number`/`string` with
   * `--int64 number|string`); fresh ids skip ids still waiting for a reply.
   * Rejects with `RequestTimeoutError`, or `DisposedError` on dispose; with a
   * `TypeError` for an id in flight or of the wrong representation.
   */
  request(message: TMessage, options?: RequestOptions): Promise<TMessage>;
  /** Starts connecting (no-op while connecting or open). */
  connect(): void;
  /**
   * Closes the connection; it never reconnects by itself after this.
   * Like a browser WebSocket, throws a `RangeError` at once (and changes nothing)
   * when `code` is neither 1000 nor an integer in 3000–4999, or when `reason`
   * is longer than 123 bytes in UTF-8.
   */
  close(code?: number, reason?: string): void;
  /**
   * Stops everything: timers, socket, listeners; rejects pending requests;
   * emits a `DisposedError` with the unsent messages on `errors$`, then
   * completes every stream. Idempotent. Returns the unsent messages.
   */
  dispose(): readonly TMessage[];
  /** An ActorRef-like view of the connection machine (`getSnapshot`/`subscribe`/`send`), for inspection. */
  readonly actor: MachineRunner<ConnectionSnapshot, ConnectionEvent>;
}

/** The longest close reason a close frame can carry, in UTF-8 bytes. */
const MAX_CLOSE_REASON_BYTES = 123;

/**
 * The checks a browser's `WebSocket.close()` makes, done before anything
 * changes: the socket would refuse these and the close would silently lose
 * its code (ws and browsers throw; a plain close without code was sent).
 */
function checkCloseArguments(code: number | undefined, reason: string | undefined): void {
  if (code !== undefined && code !== 1000 && !(Number.isInteger(code) && code >= 3000 && code <= 4999)) {
    throw new RangeError(`rxwire: close code must be 1000 or an integer in 3000–4999, got ${String(code)}`);
  }
  // At most 3 UTF-8 bytes per UTF-16 unit: only long reasons need encoding.
  if (reason !== undefined && reason.length * 3 > MAX_CLOSE_REASON_BYTES) {
    const bytes = new TextEncoder().encode(reason).length;
    if (bytes > MAX_CLOSE_REASON_BYTES) {
      throw new RangeError(`rxwire: close reason must be at most ${MAX_CLOSE_REASON_BYTES} bytes in UTF-8, got ${bytes}`);
    }
  }
}

function sameState(a: ConnectionState, b: ConnectionState): boolean {
  return (
    a.status === b.status &&
    a.attempt === b.attempt &&
    a.retryDelayMs === b.retryDelayMs &&
    a.nextAttemptAt === b.nextAttemptAt &&
    a.lastClose === b.lastClose &&
    a.online === b.online &&
    a.failure?.code === b.failure?.code &&
    a.failure?.message === b.failure?.message
  );
}

function errorFromReport(report: ReportErrorParams): RxwireError {
  switch (report.code) {
    case ErrorCode.ConnectTimeout:
      return new ConnectTimeoutError(report.message);
    case ErrorCode.HeartbeatTimeout:
      return new HeartbeatTimeoutError(report.message);
    case ErrorCode.HandshakeRejected:
      return new HandshakeRejectedError(report.message, report.status === undefined ? {} : { status: report.status });
    case ErrorCode.Closed:
      return new ClosedError(report.message, report.close === undefined ? {} : { close: report.close });
    case ErrorCode.InvalidUrl:
      return new InvalidUrlError(report.message);
    case ErrorCode.Transport:
      return new TransportError(report.message);
    case ErrorCode.MessageTooLarge:
      // Only the socket's own limit ends a connection; maxMessageBytes drops the frame in onFrame.
      return new MessageTooLargeError(undefined, undefined);
    default:
      return new RxwireError(report.code, report.message);
  }
}

interface BrowserNetworkEvents {
  addEventListener(type: "online" | "offline", listener: () => void): void;
  removeEventListener(type: "online" | "offline", listener: () => void): void;
}

function browserNetworkEvents(): BrowserNetworkEvents | undefined {
  const scope = globalThis as Partial<BrowserNetworkEvents> & { onoffline?: unknown };
  return typeof scope.addEventListener === "function" && "onoffline" in scope
    ? (scope as BrowserNetworkEvents)
    : undefined;
}

/** `navigator.onLine === false`: the browser knows it has no network (`true` only means "maybe"). */
function browserIsOffline(): boolean {
  const navigator = (globalThis as { navigator?: { onLine?: unknown } }).navigator;
  return navigator?.onLine === false;
}

class RxwireClient<TMessage> implements Client<TMessage> {
  readonly actor: MachineRunner<ConnectionSnapshot, ConnectionEvent>;
  private readonly options: ResolvedClientOptions<TMessage>;
  private status: ConnectionStatus = "idle";
  /**
   * The socket the machine currently wants alive (0: none). Events of any other socket are stale.
   * A field, not a getter: {@link SocketHandlers} reads it for every frame.
   * @internal
   */
  currentSocketId = 0;
  private transport: Transport | undefined;
  /** A ping is out: the next qualifying inbound frame is reported to the machine. */
  private awaitingActivity = false;
  private outbox: Outbox<TMessage> | undefined;
  private requests: RequestTracker<TMessage> | undefined;
  // Streams are created on first use: idle clients stay small.
  private messageFanout: Fanout<TMessage> | undefined;
  private errorFanout: Fanout<RxwireError> | undefined;
  private stateFanout: Fanout<ConnectionState> | undefined;
  /** Every `on(case)` stream, in creation order; each holds the fanout of its subscribers. A list, not maps: a client routes a handful of cases. */
  private cases: CaseStream<unknown>[] | undefined;
  /** Last state delivered on `state$` (undefined while nobody watches). */
  private lastState: ConnectionState | undefined;
  private messagesObservable: Observable<TMessage> | undefined;
  private errorsObservable: Observable<RxwireError> | undefined;
  private stateObservable: Observable<ConnectionState> | undefined;
  private messageSubscribers = 0;
  private disposed = false;
  /** Errors of the app's callbacks the machine called while deciding, reported once the transition is done. */
  private callbackErrors: CallbackError[] | undefined;
  private network: { events: BrowserNetworkEvents; online: () => void; offline: () => void } | undefined;

  constructor(options: ClientOptions<TMessage>) {
    this.options = sharedOptions(resolveClientOptions(options));
    // The client is the runner's host (clock, exec, changed): no closures per client.
    this.actor = createMachineRunner(connectionMachine, this.watchCallbacks(machineInputFor(this.options)), this) as MachineRunner<
      ConnectionSnapshot,
      ConnectionEvent
    >;
    this.status = statusOf(this.actor.getSnapshot());
    const events = browserNetworkEvents();
    if (events !== undefined) {
      const online = (): void => this.actor.send({ type: "network.online" });
      const offline = (): void => this.actor.send({ type: "network.offline" });
      events.addEventListener("online", online);
      events.addEventListener("offline", offline);
      this.network = { events, online, offline };
      // A page loaded offline gets no `offline` event: start from what the browser knows.
      if (browserIsOffline()) offline();
    }
  }

  /**
   * The machine calls `shouldReconnect` and `random` inside a transition and,
   * when one throws, goes on with its default (see the machine). This client's
   * copy of the input reports such a throw as a {@link CallbackError}, deferred
   * until the transition is done so no app code runs in the middle of it.
   * Inputs without app callbacks are returned as they are (and stay shared).
   */
  private watchCallbacks(input: ConnectionMachineInput): ConnectionMachineInput {
    const policy = input.reconnect;
    const shouldReconnect = policy === false ? undefined : policy.shouldReconnect;
    const random = input.random;
    if (shouldReconnect === undefined && random === Math.random) return input;
    const watched: ConnectionMachineInput = { ...input };
    if (policy !== false && shouldReconnect !== undefined) {
      watched.reconnect = {
        ...policy,
        shouldReconnect: (close) => {
          try {
            return shouldReconnect.call(policy, close);
          } catch (error) {
            this.deferCallbackError("reconnect.shouldReconnect", error);
            throw error;
          }
        },
      };
    }
    if (random !== Math.random) {
      watched.random = () => {
        try {
          return random();
        } catch (error) {
          this.deferCallbackError("random", error);
          throw error;
        }
      };
    }
    return watched;
  }

  /** Queues a callback error for {@link flushCallbackErrors}; one per callback per transition (a guard may ask twice). */
  private deferCallbackError(callback: string, error: unknown): void {
    const pending = (this.callbackErrors ??= []);
    if (!pending.some((reported) => reported.callback === callback)) pending.push(new CallbackError(callback, { cause: error }));
  }

  private flushCallbackErrors(): void {
    const pending = this.callbackErrors;
    this.callbackErrors = undefined;
    if (pending !== undefined) for (const error of pending) this.errorFanout?.next(error);
  }

  /** @internal The runner's clock. */
  get clock(): Clock {
    return this.options.clock;
  }

  get state$(): Observable<ConnectionState> {
    return (this.stateObservable ??= new ClientStream<ConnectionState>(this, StreamKind.State));
  }

  get messages$(): Observable<TMessage> {
    return (this.messagesObservable ??= new ClientStream<TMessage>(this, StreamKind.Messages));
  }

  get errors$(): Observable<RxwireError> {
    return (this.errorsObservable ??= new ClientStream<RxwireError>(this, StreamKind.Errors));
  }

  on<C extends CaseName<TMessage>>(name: C): Observable<CasesOf<TMessage>[C]> {
    const cases = this.cases;
    if (cases !== undefined) {
      for (let i = 0; i < cases.length; i++) {
        const stream = cases[i] as CaseStream<unknown>;
        if (stream.caseName === name) return stream as Observable<CasesOf<TMessage>[C]>;
      }
    }
    const field = (this.options.codec as EnvelopeCodec<TMessage>).oneofCases[name as keyof CasesOf<TMessage>];
    if (field === undefined) throw new TypeError(`rxwire: ${this.options.codec.typeName} has no oneof case "${name}"`);
    const stream = new CaseStream<unknown>(this, name, field);
    this.cases = cases === undefined ? [stream] : cases.concat(stream);
    return stream as Observable<CasesOf<TMessage>[C]>;
  }

  /** @internal Subscribes `subscriber` to one of this client's streams (see {@link ClientStream}). */
  subscribeStream(stream: ClientStream<unknown>, subscriber: Subscriber<unknown>): TeardownLogic {
    switch (stream.kind) {
      case StreamKind.Messages:
        return this.attach(subscriber, (this.messageFanout ??= new Fanout()) as Fanout<unknown>, true);
      case StreamKind.Errors:
        return this.attach(subscriber, (this.errorFanout ??= new Fanout()) as Fanout<unknown>, false);
      case StreamKind.State: {
        if (this.disposed) {
          subscriber.complete();
          return undefined;
        }
        const current = (this.lastState ??= toConnectionState(this.actor.getSnapshot()));
        // Attach first: a change caused by the subscriber's own reaction to the replay must reach it too.
        const teardown = this.attach(subscriber, (this.stateFanout ??= new Fanout()) as Fanout<unknown>, false);
        subscriber.next(current);
        return teardown;
      }
      default: {
        const caseStream = stream as CaseStream<unknown>;
        return this.attach(subscriber, (caseStream.fanout ??= new Fanout()), true);
      }
    }
  }

  send(message: TMessage): void {
    this.write(message);
  }

  /** {@link send}; returns the bytes when they were queued in the outbox rather than written. */
  private write(message: TMessage): Uint8Array | undefined {
    if (this.disposed) throw new DisposedError([message]);
    if (this.status === "open") {
      const deadline = this.actor.getSnapshot().context.heartbeatDeadline;
      // The app must not write into a link the heartbeat already knows is dead
      // (timers may have been frozen): let the machine drop it first.
      if (deadline !== undefined && this.options.clock.now() > deadline) this.actor.send({ type: "liveness.check" });
    }
    const bytes = this.options.codec.encode(message);
    // A socket that already got the peer's close frame takes nothing (false): keep the message like any send while not open.
    if (this.status === "open" && this.transport !== undefined && this.transport.send(bytes) !== false) return undefined;
    if (this.options.outboxLimit === 0) this.fail(new NotOpenError());
    const outbox = (this.outbox ??= new Outbox(this.options.outboxLimit));
    if (!outbox.push(message, bytes)) this.fail(new OutboxFullError(this.options.outboxLimit));
    return bytes;
  }

  request(message: TMessage, options?: RequestOptions): Promise<TMessage> {
    if (this.disposed) return Promise.reject(new DisposedError([message]));
    const kind = requestIdKindOf(this.options.codec);
    if (kind === undefined) {
      return Promise.reject(new TypeError(`rxwire: request() needs an envelope with an int64 \`id\` field (${this.options.codec.typeName} has none)`));
    }
    const currentId: unknown = (message as { id?: unknown }).id;
    const requests = (this.requests ??= new RequestTracker(this.options.clock));
    const unset = isUnsetId(currentId);
    const id = unset ? requests.nextId(kind) : requestIdKey(currentId, kind);
    if (id === undefined) {
      return Promise.reject(
        new TypeError(`rxwire: request id must be a ${kind === "number" ? "safe integer" : kind === "string" ? "decimal string" : "bigint"} like ${this.options.codec.typeName}'s id, got ${typeof currentId} ${String(currentId)}`),
      );
    }
    const stamped = unset ? ({ ...message, id } as TMessage) : message;
    let timeout: number;
    try {
      timeout = timeoutMs("request timeoutMs", options?.timeoutMs ?? 10_000);
    } catch (error) {
      return Promise.reject(error);
    }
    if (options?.signal?.aborted === true) return Promise.reject(options.signal.reason);
    if (requests.has(id)) return Promise.reject(new TypeError(`rxwire: request id ${id} is already waiting for a reply`));
    // A request settled (timed out, aborted…) while still queued must not go out later.
    let queued: Uint8Array | undefined;
    const reply = requests.track(id, timeout, options?.signal, () => {
      if (queued !== undefined) this.outbox?.remove(queued);
    });
    try {
      queued = this.write(stamped);
    } catch (error) {
      requests.fail(id, error);
    }
    return reply;
  }

  connect(): void {
    if (!this.disposed) this.actor.send({ type: "client.connect" });
  }

  close(code?: number, reason?: string): void {
    checkCloseArguments(code, reason);
    if (this.disposed) return;
    const event: ConnectionEvent = { type: "client.close" };
    if (code !== undefined) event.code = code;
    if (reason !== undefined) event.reason = reason;
    this.actor.send(event);
  }

  dispose(): readonly TMessage[] {
    if (this.disposed) return [];
    this.disposed = true;
    this.actor.stop();
    const transport = this.transport;
    this.transport = undefined;
    this.currentSocketId = 0;
    this.awaitingActivity = false;
    if (transport !== undefined) {
      // Say goodbye if the socket lets us, then make sure nothing keeps the process alive.
      try {
        transport.close(1000, "client disposed");
      } catch {
        // Not open: terminate below is enough.
      }
      transport.terminate();
    }
    if (this.network !== undefined) {
      this.network.events.removeEventListener("online", this.network.online);
      this.network.events.removeEventListener("offline", this.network.offline);
      this.network = undefined;
    }
    const unsent = this.outbox?.drain() ?? [];
    this.outbox = undefined;
    const disposedError = new DisposedError<TMessage>(unsent);
    this.requests?.rejectAll(disposedError);
    this.errorFanout?.next(disposedError);
    this.errorFanout?.complete();
    this.messageFanout?.complete();
    this.stateFanout?.complete();
    if (this.cases !== undefined) for (const stream of this.cases) stream.fanout?.complete();
    return unsent;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  [Symbol.asyncDispose](): Promise<void> {
    this.dispose();
    return Promise.resolve();
  }

  /** Registers `subscriber` on `fanout`; message subscribers drive the lazy connection. */
  private attach<T>(subscriber: Subscriber<T>, fanout: Fanout<T>, isMessageSubscriber: boolean): TeardownLogic {
    if (this.disposed) {
      subscriber.complete();
      return undefined;
    }
    fanout.add(subscriber);
    if (isMessageSubscriber) {
      this.messageSubscribers++;
      if (this.options.lazy && this.messageSubscribers === 1) this.connect();
    }
    return new FanoutMembership(this, fanout as Fanout<unknown>, subscriber as Subscriber<unknown>, isMessageSubscriber);
  }

  /** @internal The teardown of {@link attach}. */
  detach(fanout: Fanout<unknown>, subscriber: Subscriber<unknown>, isMessageSubscriber: boolean): void {
    fanout.remove(subscriber);
    if (fanout === this.stateFanout && fanout.size === 0) {
      // Nobody watches the state any more: keep neither the list nor the last state.
      this.stateFanout = undefined;
      this.lastState = undefined;
    }
    if (!isMessageSubscriber) return;
    this.messageSubscribers--;
    if (this.options.lazy && this.messageSubscribers === 0 && !this.disposed) this.close();
  }

  /** Emits on errors$ and throws (for send()). */
  private fail(error: RxwireError): never {
    this.errorFanout?.next(error);
    throw error;
  }

  /** @internal The runner's hook: called with every new snapshot. */
  changed(snapshot: ConnectionSnapshot): void {
    this.status = statusOf(snapshot);
    if (this.callbackErrors !== undefined) this.flushCallbackErrors();
    const fanout = this.stateFanout;
    if (fanout === undefined || fanout.size === 0) {
      this.lastState = undefined;
      return;
    }
    const next = toConnectionState(snapshot);
    if (this.lastState !== undefined && sameState(this.lastState, next)) return;
    this.lastState = next;
    fanout.next(next);
  }

  /** @internal Performs one of the machine's named actions (the runner's host). */
  exec(action: { type: string; params: unknown }): void {
    if (this.callbackErrors !== undefined) this.flushCallbackErrors();
    switch (action.type) {
      case "openSocket":
        this.openSocket((action.params as OpenSocketParams).socketId);
        break;
      case "closeSocket": {
        const params = action.params as CloseSocketParams;
        if (params.socketId === this.currentSocketId) this.transport?.close(params.code, params.reason);
        break;
      }
      case "terminateSocket": {
        const params = action.params as CloseSocketParams;
        if (params.socketId !== this.currentSocketId) break;
        const transport = this.transport;
        this.transport = undefined;
        this.currentSocketId = 0;
        transport?.terminate();
        break;
      }
      case "sendPing":
        this.sendPing();
        break;
      case "flushOutbox":
        this.flushOutbox();
        break;
      case "reportError":
        this.errorFanout?.next(errorFromReport(action.params as ReportErrorParams));
        break;
      default:
        break;
    }
  }

  private openSocket(socketId: number): void {
    const previous = this.transport;
    if (previous !== undefined) previous.terminate();
    this.transport = undefined;
    this.currentSocketId = socketId;
    this.awaitingActivity = false;
    const source = this.options.url;
    if (typeof source === "string") {
      this.dial(source, socketId);
      return;
    }
    let url: string | Promise<string>;
    try {
      url = source();
    } catch (error) {
      this.urlFailed(socketId, error);
      return;
    }
    if (typeof url === "string") {
      this.dial(url, socketId);
      return;
    }
    if (url === null || typeof url !== "object" || typeof (url as { then?: unknown }).then !== "function") {
      this.urlFailed(socketId, new TypeError(`it returned ${url === null ? "null" : typeof url}, not a string or a promise of one`));
      return;
    }
    url.then(
      (resolved) => {
        if (socketId === this.currentSocketId && !this.disposed) this.dial(resolved, socketId);
      },
      (error: unknown) => this.urlFailed(socketId, error),
    );
  }

  private urlFailed(socketId: number, error: unknown): void {
    if (socketId !== this.currentSocketId || this.disposed) return;
    const detail = error instanceof Error ? error.message : String(error);
    this.actor.send({
      type: "transport.error",
      socketId,
      code: ErrorCode.InvalidUrl,
      message: `the url provider failed: ${detail}`,
    });
  }

  private dial(url: string, socketId: number): void {
    try {
      this.transport = this.options.transport(url, this.options.protocols, new SocketHandlers(this, socketId));
    } catch (error) {
      // A factory must not throw; if a custom one does, the attempt fails like a socket error would.
      this.actor.send({
        type: "transport.error",
        socketId,
        code: ErrorCode.Transport,
        message: `the transport factory threw: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  /** @internal Called by {@link SocketHandlers} for the socket the machine currently wants. */
  handleOpen(socketId: number): void {
    this.actor.send({ type: "transport.open", socketId });
  }

  /** @internal */
  handleClose(socketId: number, code: number, reason: string, wasClean: boolean): void {
    this.transport = undefined;
    this.actor.send({ type: "transport.close", socketId, code, reason, wasClean });
  }

  /** @internal */
  handleError(socketId: number, info: TransportErrorInfo): void {
    const event: ConnectionEvent = { type: "transport.error", socketId, code: info.code, message: info.message };
    if (info.status !== undefined) event.status = info.status;
    if (info.fatal === true) event.fatal = true;
    if (info.closeCode !== undefined) event.closeCode = info.closeCode;
    this.actor.send(event);
  }

  /** @internal */
  onFrame(data: Uint8Array | string, socketId: number): void {
    const heartbeat = this.options.heartbeat;
    if (typeof data === "string") {
      this.noteActivity(socketId, heartbeat !== false && heartbeat.isPong === undefined);
      this.errorFanout?.next(new UnexpectedTextFrameError(data.length));
      return;
    }
    if (this.awaitingActivity && heartbeat !== false && heartbeat.isPong === undefined) this.noteActivity(socketId, true);
    if (data.length > this.options.maxMessageBytes) {
      this.errorFanout?.next(new MessageTooLargeError(data.length, this.options.maxMessageBytes));
      return;
    }
    let message: TMessage;
    try {
      message = this.options.codec.decode(data);
    } catch (error) {
      this.errorFanout?.next(
        error instanceof DecodeError
          ? error
          : new DecodeError(error instanceof Error ? error.message : String(error), {
              typeName: this.options.codec.typeName,
              cause: error,
            }),
      );
      return;
    }
    if (this.awaitingActivity && heartbeat !== false && heartbeat.isPong !== undefined) {
      // Only while a ping waits. A throwing isPong must not escape into the socket's listener.
      let pong = false;
      try {
        pong = heartbeat.isPong(message) === true;
      } catch (error) {
        this.errorFanout?.next(new CallbackError("heartbeat.isPong", { cause: error }));
      }
      if (pong) this.noteActivity(socketId, true);
    }
    if (this.requests !== undefined && this.requests.size > 0) {
      // Ids are tracked in the envelope's own representation: one lookup, whatever --int64 was.
      this.requests.settle((message as { id?: unknown }).id, message);
    }
    this.messageFanout?.next(message);
    const cases = this.cases;
    if (cases === undefined) return;
    for (let i = 0; i < cases.length; i++) {
      const stream = cases[i] as CaseStream<unknown>;
      const fanout = stream.fanout;
      if (fanout === undefined || fanout.size === 0) continue;
      const member = (message as Record<string, { case: string; value: unknown } | undefined>)[stream.caseField];
      if (member != null && member.case === stream.caseName) fanout.next(member.value);
    }
  }

  private noteActivity(socketId: number, counts: boolean): void {
    if (!counts || !this.awaitingActivity) return;
    this.awaitingActivity = false;
    this.actor.send({ type: "transport.activity", socketId });
  }

  private sendPing(): void {
    const heartbeat = this.options.heartbeat;
    const transport = this.transport;
    if (heartbeat === false || transport === undefined) return;
    this.awaitingActivity = true;
    let ping: TMessage;
    try {
      ping = heartbeat.ping();
    } catch (error) {
      // No ping goes out: the heartbeat timeout decides.
      this.errorFanout?.next(new CallbackError("heartbeat.ping", { cause: error }));
      return;
    }
    try {
      // false: the socket is closing. Nothing to keep: the close or the heartbeat timeout ends it.
      transport.send(this.options.codec.encode(ping));
    } catch (error) {
      // A ping that cannot go out proves nothing: the heartbeat timeout decides.
      this.errorFanout?.next(
        error instanceof RxwireError ? error : new TransportError(`heartbeat ping failed: ${String(error)}`, { cause: error }),
      );
    }
  }

  private flushOutbox(): void {
    const outbox = this.outbox;
    const transport = this.transport;
    if (outbox === undefined || transport === undefined) return;
    for (let bytes = outbox.peekBytes(); bytes !== undefined; bytes = outbox.peekBytes()) {
      // Not taken (the socket is already closing): the rest waits for the next open, in order.
      if (transport.send(bytes) === false) return;
      // A transport that answers synchronously may settle a request during send(), which withdraws
      // that entry itself: drop the head only if it is still the one just sent.
      if (outbox.peekBytes() === bytes) outbox.dropOldest();
    }
  }
}

/** What {@link ClientStream} and {@link FanoutMembership} need of the client. */
interface StreamHost {
  subscribeStream(stream: ClientStream<unknown>, subscriber: Subscriber<unknown>): TeardownLogic;
  detach(fanout: Fanout<unknown>, subscriber: Subscriber<unknown>, isMessageSubscriber: boolean): void;
}

const enum StreamKind {
  Messages,
  Errors,
  State,
  Case,
}

/**
 * One of a client's observables. The subscribe logic lives on the client and
 * the subscribe function is shared: no closure (and captured scope) per stream
 * per client.
 */
class ClientStream<T> extends Observable<T> {
  constructor(
    readonly client: StreamHost,
    readonly kind: StreamKind,
  ) {
    super(subscribeClientStream as (this: Observable<T>, subscriber: Subscriber<T>) => TeardownLogic);
  }
}

/** The stream of one oneof case (`client.on(name)`). */
class CaseStream<T> extends ClientStream<T> {
  constructor(
    client: StreamHost,
    readonly caseName: string,
    readonly caseField: string,
  ) {
    super(client, StreamKind.Case);
  }

  /** Its subscribers; created on first subscribe. */
  fanout: Fanout<T> | undefined = undefined;
}

function subscribeClientStream(this: ClientStream<unknown>, subscriber: Subscriber<unknown>): TeardownLogic {
  return this.client.subscribeStream(this, subscriber);
}

/** A subscriber's place in a fanout; an object with `unsubscribe` is a teardown RxJS accepts, and smaller than a closure plus its scope. */
class FanoutMembership {
  constructor(
    private readonly client: StreamHost,
    private readonly fanout: Fanout<unknown>,
    private readonly subscriber: Subscriber<unknown>,
    private readonly isMessageSubscriber: boolean,
  ) {}

  unsubscribe(): void {
    this.client.detach(this.fanout, this.subscriber, this.isMessageSubscriber);
  }
}

/** Resolved options are never changed after resolving: clients configured alike (a fleet dialling one URL) share one. */
let lastOptions: ResolvedClientOptions<unknown> | undefined;

function sameHeartbeat<TMessage>(a: ResolvedClientOptions<TMessage>["heartbeat"], b: ResolvedClientOptions<TMessage>["heartbeat"]): boolean {
  if (a === false || b === false) return a === b;
  return a.intervalMs === b.intervalMs && a.timeoutMs === b.timeoutMs && a.ping === b.ping && a.isPong === b.isPong;
}

function sameOptions<TMessage>(a: ResolvedClientOptions<TMessage>, b: ResolvedClientOptions<TMessage>): boolean {
  // Every field, so one added later cannot make differently configured clients share.
  for (const key of Object.keys(b) as (keyof ResolvedClientOptions<TMessage>)[]) {
    if (key === "reconnect" ? !sameReconnect(a.reconnect, b.reconnect) : key === "heartbeat" ? !sameHeartbeat(a.heartbeat, b.heartbeat) : a[key] !== b[key]) {
      return false;
    }
  }
  return true;
}

function sharedOptions<TMessage>(resolved: ResolvedClientOptions<TMessage>): ResolvedClientOptions<TMessage> {
  const last = lastOptions as ResolvedClientOptions<TMessage> | undefined;
  if (last !== undefined && sameOptions(last, resolved)) return last;
  lastOptions = resolved as ResolvedClientOptions<unknown>;
  return resolved;
}

/** Machine inputs are immutable: clients configured alike share one (the last one built). */
let lastMachineInput: { input: ConnectionMachineInput; clock: Clock } | undefined;

function sameReconnect(a: ConnectionMachineInput["reconnect"], b: ConnectionMachineInput["reconnect"]): boolean {
  if (a === b) return true;
  if (a === false || b === false) return false;
  for (const key of Object.keys(a) as (keyof typeof a)[]) if (a[key] !== b[key]) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

function machineInputFor<TMessage>(resolved: ResolvedClientOptions<TMessage>): ConnectionMachineInput {
  const clock = resolved.clock;
  const hb = resolved.heartbeat;
  const last = lastMachineInput;
  if (
    last !== undefined &&
    last.clock === clock &&
    last.input.random === resolved.random &&
    last.input.connectTimeoutMs === resolved.connectTimeoutMs &&
    last.input.closeTimeoutMs === resolved.closeTimeoutMs &&
    sameReconnect(last.input.reconnect, resolved.reconnect) &&
    (hb === false
      ? last.input.heartbeat === false
      : last.input.heartbeat !== false &&
        last.input.heartbeat.intervalMs === hb.intervalMs &&
        last.input.heartbeat.timeoutMs === hb.timeoutMs)
  ) {
    return last.input;
  }
  const input: ConnectionMachineInput = {
    connectTimeoutMs: resolved.connectTimeoutMs,
    closeTimeoutMs: resolved.closeTimeoutMs,
    reconnect: resolved.reconnect,
    heartbeat: hb === false ? false : { intervalMs: hb.intervalMs, timeoutMs: hb.timeoutMs },
    now: clock === systemClock ? Date.now : () => clock.now(),
    random: resolved.random,
  };
  lastMachineInput = { input, clock };
  return input;
}

/**
 * The callbacks of one socket: drops everything once the client has moved on
 * to another socket. A class (prototype methods) rather than four closures per
 * attempt, to keep idle connections small.
 */
interface SocketEventSink {
  readonly currentSocketId: number;
  handleOpen(socketId: number): void;
  onFrame(data: Uint8Array | string, socketId: number): void;
  handleClose(socketId: number, code: number, reason: string, wasClean: boolean): void;
  handleError(socketId: number, info: TransportErrorInfo): void;
}

class SocketHandlers implements TransportHandlers {
  constructor(
    private readonly client: SocketEventSink,
    private readonly socketId: number,
  ) {}

  open(): void {
    if (this.socketId === this.client.currentSocketId) this.client.handleOpen(this.socketId);
  }

  frame(data: Uint8Array | string): void {
    if (this.socketId === this.client.currentSocketId) this.client.onFrame(data, this.socketId);
  }

  close(code: number, reason: string, wasClean: boolean): void {
    if (this.socketId === this.client.currentSocketId) this.client.handleClose(this.socketId, code, reason, wasClean);
  }

  error(info: TransportErrorInfo): void {
    if (this.socketId === this.client.currentSocketId) this.client.handleError(this.socketId, info);
  }
}

/**
 * Creates a client. Nothing happens until `connect()` (or, with `lazy`, the
 * first subscriber of `messages$`/`on()`).
 *
 * ```ts
 * const client = createClient({ url: "wss://example.com/ws", codec: Envelope, outbox: { limit: 100 } });
 * client.on("status").subscribe((status) => console.log(status.name, status.on));
 * client.connect();
 * ```
 */
export function createClient<TMessage>(options: ClientOptions<TMessage>): Client<TMessage> {
  return new RxwireClient(options);
}
