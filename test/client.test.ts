import type { Observable } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import { createClient, type Client } from "../src/client.js";
import type { ClientOptions } from "../src/client-options.js";
import type { ConnectionState, ConnectionStatus } from "../src/connection-state.js";
import {
  CallbackError,
  ClosedError,
  DecodeError,
  DisposedError,
  ErrorCode,
  HandshakeRejectedError,
  HeartbeatTimeoutError,
  InvalidUrlError,
  MessageTooLargeError,
  NotOpenError,
  OutboxFullError,
  RequestTimeoutError,
  UnexpectedTextFrameError,
  type RxwireError,
} from "../src/errors.js";
import { createFakeTransport, TestClock, type FakeTransport } from "../src/testing/index.js";
import type { TransportHandlers } from "../src/transport.js";
import { envelope, frame, TestEnvelope, type Tick } from "./support/test-codec.js";

interface Harness {
  client: Client<TestEnvelope>;
  fake: FakeTransport;
  clock: TestClock;
  states: ConnectionState[];
  statuses: ConnectionStatus[];
  errors: RxwireError[];
  messages: TestEnvelope[];
  completed: { state: boolean; messages: boolean; errors: boolean };
}

const harnesses: Harness[] = [];

function setup(overrides: Partial<ClientOptions<TestEnvelope>> = {}, fake = createFakeTransport()): Harness {
  const clock = new TestClock(1_000_000);
  const client = createClient<TestEnvelope>({
    url: "ws://test.invalid/ws",
    codec: TestEnvelope,
    transport: fake.factory,
    clock,
    random: () => 0.5,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, factor: 2, jitter: "none" },
    ...overrides,
  });
  const harness: Harness = {
    client,
    fake,
    clock,
    states: [],
    statuses: [],
    errors: [],
    messages: [],
    completed: { state: false, messages: false, errors: false },
  };
  client.state$.subscribe({
    next: (state) => {
      harness.states.push(state);
      harness.statuses.push(state.status);
    },
    complete: () => (harness.completed.state = true),
  });
  client.errors$.subscribe({ next: (e) => harness.errors.push(e), complete: () => (harness.completed.errors = true) });
  if (overrides.lazy !== true) {
    client.messages$.subscribe({
      next: (m) => harness.messages.push(m),
      complete: () => (harness.completed.messages = true),
    });
  }
  harnesses.push(harness);
  return harness;
}

/** A client whose transport does nothing but record the handlers of each attempt, for driving them by hand. */
function setupRecordingHandlers(): { h: Harness; attempts: TransportHandlers[] } {
  const attempts: TransportHandlers[] = [];
  const h = setup({
    transport: (_url, _protocols, handlers) => {
      attempts.push(handlers);
      return { send: () => undefined, close: () => undefined, terminate: () => undefined };
    },
  });
  return { h, attempts };
}

function status(h: Harness): ConnectionStatus | undefined {
  return h.statuses.at(-1);
}

function openClient(overrides: Partial<ClientOptions<TestEnvelope>> = {}): Harness {
  const h = setup(overrides);
  h.client.connect();
  h.fake.open();
  expect(status(h)).toBe("open");
  return h;
}

const tick = (price: number): TestEnvelope["payload"] => ({ case: "tick", value: { symbol: "ACME", price } });
const chat = (text: string): TestEnvelope => envelope({ case: "chat", value: { text } });
const decodedSent = (bytes: Uint8Array[]): TestEnvelope[] => bytes.map((b) => TestEnvelope.decode(b));

afterEach(() => {
  for (const h of harnesses.splice(0)) h.client.dispose();
});

describe("createClient lifecycle", () => {
  it("should do nothing until connect(), then connect, open, deliver messages and close politely", () => {
    const h = setup();
    expect(h.statuses).toEqual(["idle"]);
    expect(h.fake.sockets).toHaveLength(0);

    h.client.connect();
    expect(status(h)).toBe("connecting");
    expect(h.fake.socket.url).toBe("ws://test.invalid/ws");

    h.fake.open();
    expect(status(h)).toBe("open");
    h.fake.receive(frame(tick(1), 1n));
    expect(h.messages).toEqual([envelope(tick(1), 1n)]);

    h.client.close(4000, "bye");
    expect(h.fake.socket.closeRequest).toEqual({ code: 4000, reason: "bye" });
    expect(h.statuses).toEqual(["idle", "connecting", "open", "closing", "closed"]);
    expect(h.client.actor.getSnapshot().context.lastClose).toEqual({ code: 4000, reason: "bye", wasClean: true });

    h.clock.advance(60_000);
    expect(h.fake.sockets).toHaveLength(1);
  });

  it("should replay the current state to a late subscriber", () => {
    const h = openClient();
    const seen: ConnectionStatus[] = [];
    h.client.state$.subscribe((s) => seen.push(s.status));
    expect(seen).toEqual(["open"]);
  });

  it("should route on(case) to typed values and cache the stream per case", () => {
    const h = openClient();
    const ticks$: Observable<Tick> = h.client.on("tick");
    // @ts-expect-error: not a case of the envelope
    expect(() => h.client.on("nope")).toThrow(TypeError);
    expect(h.client.on("tick")).toBe(ticks$);
    const ticks: Tick[] = [];
    ticks$.subscribe((t) => ticks.push(t));
    h.fake.receive(frame(tick(1)));
    h.fake.receive(TestEnvelope.encode(chat("hi")));
    h.fake.receive(frame(tick(2)));
    expect(ticks.map((t) => t.price)).toEqual([1, 2]);
  });

  it("should report a decode failure on errors$ and stay open", () => {
    const h = openClient();
    h.fake.receive(new Uint8Array([0xff, 0x00, 0x13]));
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toBeInstanceOf(DecodeError);
    expect(status(h)).toBe("open");
    h.fake.receive(frame(tick(3)));
    expect(h.messages).toHaveLength(1);
  });

  it("should report a text frame on errors$ and stay open", () => {
    const h = openClient();
    h.fake.receive("hello");
    expect(h.errors[0]).toBeInstanceOf(UnexpectedTextFrameError);
    expect(h.errors[0]?.code).toBe(ErrorCode.UnexpectedTextFrame);
    expect(status(h)).toBe("open");
    expect(h.messages).toEqual([]);
  });

  it("should drop frames over maxMessageBytes with MessageTooLargeError and stay open", () => {
    const h = openClient({ maxMessageBytes: 150 });
    h.fake.receive(TestEnvelope.encode(chat("x".repeat(100))));
    h.fake.receive(TestEnvelope.encode(chat("small")));
    expect(h.errors).toEqual([expect.any(MessageTooLargeError)]);
    expect(h.messages).toEqual([chat("small")]);
    expect(status(h)).toBe("open");
  });
});

describe("send and the outbox", () => {
  it("should throw NotOpenError (and emit it) when sending while not open without an outbox", () => {
    const h = setup();
    expect(() => h.client.send(chat("a"))).toThrow(NotOpenError);
    expect(h.errors).toEqual([expect.any(NotOpenError)]);
  });

  it("should send at once while open", () => {
    const h = openClient();
    h.client.send(chat("now"));
    expect(decodedSent(h.fake.socket.sent)).toEqual([chat("now")]);
  });

  it("should queue up to the limit, throw OutboxFullError beyond it, and flush in order on open", () => {
    const h = setup({ outbox: { limit: 2 } });
    h.client.send(chat("a"));
    h.client.connect();
    h.client.send(chat("b"));
    expect(() => h.client.send(chat("c"))).toThrow(OutboxFullError);
    expect(h.errors).toEqual([expect.objectContaining({ code: ErrorCode.OutboxFull, limit: 2 })]);
    h.fake.open();
    expect(decodedSent(h.fake.socket.sent)).toEqual([chat("a"), chat("b")]);
  });

  it("should keep the order of queued messages across a reconnect", () => {
    const h = openClient({ outbox: { limit: 10 } });
    h.client.send(chat("1"));
    h.fake.serverClose(1006);
    expect(status(h)).toBe("reconnecting");
    h.client.send(chat("2"));
    h.client.send(chat("3"));
    h.clock.advanceToNext();
    expect(status(h)).toBe("connecting");
    h.client.send(chat("4"));
    h.fake.open();
    expect(h.fake.sockets).toHaveLength(2);
    expect(decodedSent(h.fake.sockets[1]?.sent ?? [])).toEqual([chat("2"), chat("3"), chat("4")]);
    expect(decodedSent(h.fake.sent)).toEqual([chat("1"), chat("2"), chat("3"), chat("4")]);
  });
});

describe("send after the server's close frame (socket closing, client still open)", () => {
  it("should queue the message instead of dropping it, and send it after the reconnect", () => {
    const h = openClient({ outbox: { limit: 10 } });
    h.fake.socket.peerClosing();
    h.client.send(chat("important"));
    h.client.send(chat("next"));
    expect(status(h)).toBe("open");
    expect(h.errors).toEqual([]);
    expect(h.fake.socket.sent).toEqual([]);
    h.fake.serverClose(1001);
    h.clock.advanceToNext();
    h.fake.open();
    expect(decodedSent(h.fake.socket.sent)).toEqual([chat("important"), chat("next")]);
  });

  it("should throw NotOpenError without an outbox, and OutboxFullError when it is full", () => {
    const h = openClient();
    h.fake.socket.peerClosing();
    expect(() => h.client.send(chat("a"))).toThrow(NotOpenError);
    const full = openClient({ outbox: { limit: 1 } });
    full.fake.socket.peerClosing();
    full.client.send(chat("a"));
    expect(() => full.client.send(chat("b"))).toThrow(OutboxFullError);
    expect(full.errors).toEqual([expect.any(OutboxFullError)]);
  });

  it("should keep a request queued and resolve it once it went out on the next connection", async () => {
    const h = openClient({ outbox: { limit: 10 } });
    h.fake.socket.peerClosing();
    const reply = h.client.request(chat("q"), { timeoutMs: 5_000 });
    h.fake.serverClose(1001);
    h.clock.advanceToNext();
    h.fake.open();
    expect(decodedSent(h.fake.socket.sent)).toEqual([{ ...chat("q"), id: 1n }]);
    h.fake.receive(frame({ case: "ack", value: { id: 1n } }, 0n, 1n));
    await expect(reply).resolves.toMatchObject({ id: 1n });
  });

  it("should not count a ping the closing socket refused: the heartbeat timeout ends the link", () => {
    const h = openClient({ heartbeat: { intervalMs: 1_000, timeoutMs: 500, ping: () => envelope({ case: "ping", value: { nonce: 1n } }) } });
    h.fake.socket.peerClosing();
    h.clock.advance(1_000);
    expect(h.fake.socket.sent).toEqual([]);
    h.clock.advance(500);
    expect(h.fake.sockets[0]?.terminated).toBe(true);
    expect(h.states.at(-1)).toMatchObject({ status: "reconnecting", lastClose: { code: 4900 } });
  });

  it("should keep the rest of the outbox when the socket refuses part of a flush", () => {
    const sent: string[] = [];
    let accept = 1;
    const handlers: TransportHandlers[] = [];
    const h = setup({
      outbox: { limit: 10 },
      transport: (_url, _protocols, socketHandlers) => {
        handlers.push(socketHandlers);
        return {
          send: (bytes) => {
            if (accept-- <= 0) return false;
            sent.push((TestEnvelope.decode(bytes).payload as { value: { text: string } }).value.text);
            return true;
          },
          close: () => undefined,
          terminate: () => undefined,
        };
      },
    });
    for (const text of ["1", "2", "3"]) h.client.send(chat(text));
    h.client.connect();
    handlers[0]?.open();
    expect(sent).toEqual(["1"]);
    handlers[0]?.close(1001, "", true);
    accept = 10;
    h.clock.advanceToNext();
    handlers[1]?.open();
    expect(sent).toEqual(["1", "2", "3"]);
  });
});

describe("dispose", () => {
  const drivers: Record<string, (h: Harness) => void> = {
    idle: () => undefined,
    connecting: (h) => h.client.connect(),
    open: (h) => {
      h.client.connect();
      h.fake.open();
    },
    closing: (h) => {
      h.fake.autoCloseHandshake = false;
      h.client.connect();
      h.fake.open();
      h.client.close();
    },
    reconnecting: (h) => {
      h.client.connect();
      h.fake.open();
      h.fake.serverClose(1006);
    },
    closed: (h) => {
      h.client.connect();
      h.fake.open();
      h.client.close();
    },
    failed: (h) => {
      h.client.connect();
      h.fake.error({ status: 401 });
    },
  };

  it.each(Object.keys(drivers))("should dispose while %s: report unsent, clear every timer, end every stream", (state) => {
    const h = setup({
      outbox: { limit: 5 },
      heartbeat: { intervalMs: 1_000, timeoutMs: 500, ping: () => envelope({ case: "ping", value: { nonce: 1n } }) },
    });
    drivers[state]?.(h);
    expect(status(h)).toBe(state);
    if (state !== "open") h.client.send(chat("queued"));
    const unsent = h.client.dispose();

    expect(unsent).toEqual(state === "open" ? [] : [chat("queued")]);
    const last = h.errors.at(-1);
    expect(last).toBeInstanceOf(DisposedError);
    expect((last as DisposedError<TestEnvelope>).unsent).toEqual(unsent);
    expect(h.completed).toEqual({ state: true, messages: true, errors: true });
    expect(h.clock.pendingTimers).toBe(0);
    for (const socket of h.fake.sockets) expect(socket.live).toBe(false);

    expect(h.client.dispose()).toEqual([]);
    h.clock.advance(60_000);
    expect(h.fake.sockets.length).toBeLessThanOrEqual(1);
    expect(() => h.client.send(chat("late"))).toThrow(DisposedError);
  });

  it("should reject pending requests on dispose", async () => {
    const h = openClient();
    const reply = h.client.request(chat("q"));
    h.client.dispose();
    await expect(reply).rejects.toBeInstanceOf(DisposedError);
  });

  it("should support Symbol.asyncDispose", async () => {
    const h = openClient();
    await h.client[Symbol.asyncDispose]();
    expect(h.completed.state).toBe(true);
    expect(h.clock.pendingTimers).toBe(0);
  });
});

describe("races", () => {
  it("should terminate on close() while connecting and never reconnect", () => {
    const h = setup();
    h.client.connect();
    h.client.close();
    expect(status(h)).toBe("closed");
    expect(h.fake.socket.terminated).toBe(true);
    h.fake.socket.open();
    h.clock.advance(60_000);
    expect(h.fake.sockets).toHaveLength(1);
    expect(status(h)).toBe("closed");
  });

  it("should start a fresh socket on connect() while closing and ignore the old socket's late close", () => {
    const h = openClient();
    h.fake.autoCloseHandshake = false;
    h.client.close();
    expect(status(h)).toBe("closing");
    const old = h.fake.socket;
    h.client.connect();
    expect(status(h)).toBe("connecting");
    expect(old.terminated).toBe(true);
    expect(h.fake.sockets).toHaveLength(2);
    h.fake.open();
    expect(status(h)).toBe("open");
  });

  it("should ignore every late event of a replaced socket", () => {
    const handlers: TransportHandlers[] = [];
    const h = setup({
      transport: (_url, _protocols, socketHandlers) => {
        handlers.push(socketHandlers);
        return { send: () => undefined, close: () => undefined, terminate: () => undefined };
      },
      connectTimeoutMs: 1_000,
    });
    h.client.connect();
    h.clock.advance(1_000); // connect timeout → reconnecting
    h.clock.advanceToNext(); // backoff → connecting, socket 2
    expect(handlers).toHaveLength(2);
    const [first, second] = handlers;
    first?.open();
    first?.frame(frame(tick(1)));
    first?.close(1000, "", true);
    expect(status(h)).toBe("connecting");
    second?.open();
    first?.frame(frame(tick(1)));
    first?.close(1006, "", false);
    expect(status(h)).toBe("open");
    expect(h.messages).toEqual([]);
  });
});

describe("failures and retries", () => {
  it("should fail on a 401 handshake with HandshakeRejectedError and not retry", () => {
    const h = setup();
    h.client.connect();
    h.fake.error({ status: 401, message: "HTTP 401" });
    expect(status(h)).toBe("failed");
    const rejected = h.errors.find((e) => e instanceof HandshakeRejectedError);
    expect(rejected).toBeInstanceOf(HandshakeRejectedError);
    expect((rejected as HandshakeRejectedError).status).toBe(401);
    h.clock.advance(10 * 60_000);
    expect(h.fake.sockets).toHaveLength(1);
    expect(h.clock.pendingTimers).toBe(0);
  });

  it("should fail without retrying on a fatal handshake refusal that has no HTTP status (subprotocol refused)", () => {
    const { h, attempts } = setupRecordingHandlers();
    h.client.connect();
    const handlers = attempts[0] as TransportHandlers;
    handlers.error({ code: ErrorCode.HandshakeRejected, message: "server refused the requested subprotocol", fatal: true });
    handlers.close(1006, "", false);
    expect(status(h)).toBe("failed");
    const rejected = h.errors.filter((e) => e instanceof HandshakeRejectedError);
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as HandshakeRejectedError).status).toBeUndefined();
    expect(h.client.actor.getSnapshot().context.lastClose?.code).toBe(4902);
    h.clock.advance(10 * 60_000);
    expect(attempts).toHaveLength(1);
    expect(h.clock.pendingTimers).toBe(0);
  });

  it("should still retry a transport error that is not marked fatal", () => {
    const { h, attempts } = setupRecordingHandlers();
    h.client.connect();
    (attempts[0] as TransportHandlers).error({ code: ErrorCode.Transport, message: "ECONNRESET" });
    expect(status(h)).not.toBe("failed");
    h.clock.advance(10_000);
    expect(attempts.length).toBeGreaterThan(1);
  });

  it("should back off and reconnect after an abnormal close, and give up after maxAttempts", () => {
    const h = setup({ reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, factor: 2, jitter: "none", maxAttempts: 2 } });
    h.client.connect();
    h.fake.serverClose(1006);
    expect(h.states.at(-1)).toMatchObject({ status: "reconnecting", attempt: 1, retryDelayMs: 100 });
    h.clock.advance(100);
    expect(h.fake.sockets).toHaveLength(2);
    h.fake.serverClose(1006);
    expect(h.states.at(-1)).toMatchObject({ status: "reconnecting", attempt: 2, retryDelayMs: 200 });
    h.clock.advance(200);
    h.fake.serverClose(1006);
    expect(status(h)).toBe("failed");
    expect(h.errors.at(-1)).toBeInstanceOf(ClosedError);
  });

  it("should terminate and reconnect when the heartbeat goes unanswered", () => {
    const h = openClient({
      heartbeat: { intervalMs: 1_000, timeoutMs: 500, ping: () => envelope({ case: "ping", value: { nonce: 7n } }) },
    });
    h.clock.advance(1_000);
    expect(decodedSent(h.fake.socket.sent)).toEqual([envelope({ case: "ping", value: { nonce: 7n } })]);
    h.clock.advance(500);
    expect(h.fake.socket.terminated).toBe(true);
    expect(h.errors).toEqual([expect.any(HeartbeatTimeoutError)]);
    expect(h.states.at(-1)).toMatchObject({ status: "reconnecting", lastClose: { code: 4900 } });
    h.clock.advanceToNext();
    expect(h.fake.sockets).toHaveLength(2);
  });

  it("should stay open while frames answer the pings", () => {
    const h = openClient({
      heartbeat: { intervalMs: 1_000, timeoutMs: 500, ping: () => envelope({ case: "ping", value: { nonce: 7n } }) },
    });
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1_000);
      h.fake.receive(frame(tick(i)));
      h.clock.advance(400);
    }
    expect(status(h)).toBe("open");
    expect(h.fake.socket.sent).toHaveLength(5);
  });

  it("should count only pongs when livenessFrom is pong", () => {
    const h = openClient({
      heartbeat: {
        intervalMs: 1_000,
        timeoutMs: 500,
        ping: () => envelope({ case: "ping", value: { nonce: 7n } }),
        isPong: (m) => m.payload?.case === "pong",
        livenessFrom: "pong",
      },
    });
    h.clock.advance(1_000);
    h.fake.receive(frame(tick(1)));
    h.clock.advance(500);
    expect(status(h)).toBe("reconnecting");

    h.clock.advanceToNext();
    h.fake.open();
    h.clock.advance(1_000);
    h.fake.receive(frame({ case: "pong", value: { nonce: 7n } }));
    h.clock.advance(500);
    expect(status(h)).toBe("open");
  });

  it("should not send into a link whose heartbeat deadline passed while timers were frozen", () => {
    const h = openClient({
      outbox: { limit: 5 },
      heartbeat: { intervalMs: 1_000, timeoutMs: 500, ping: () => envelope({ case: "ping", value: { nonce: 1n } }) },
    });
    h.clock.advance(1_000); // ping out, deadline in 500 ms
    h.clock.skew(10_000); // the device slept: no timer fired
    h.client.send(chat("after sleep"));
    expect(h.fake.sockets[0]?.terminated).toBe(true);
    expect(h.fake.sockets[0]?.sent).toHaveLength(1); // the ping only
    expect(status(h)).toBe("reconnecting");
    h.clock.advance(1_000);
    h.fake.open();
    expect(decodedSent(h.fake.socket.sent)).toEqual([chat("after sleep")]);
  });

  it("should call a url function before every attempt", () => {
    let n = 0;
    const h = setup({ url: () => `ws://test.invalid/ws?token=${++n}` });
    h.client.connect();
    h.fake.serverClose(1006);
    h.clock.advanceToNext();
    expect(h.fake.sockets.map((s) => s.url)).toEqual(["ws://test.invalid/ws?token=1", "ws://test.invalid/ws?token=2"]);
  });

  it("should await an async url function, and treat its failure as a failed attempt", async () => {
    let n = 0;
    const h = setup({
      url: async () => {
        n++;
        if (n === 1) throw new Error("token service down");
        return "ws://test.invalid/ws?token=ok";
      },
    });
    h.client.connect();
    expect(status(h)).toBe("connecting");
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.errors).toEqual([expect.any(InvalidUrlError)]);
    expect(status(h)).toBe("reconnecting");
    h.clock.advanceToNext();
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.fake.sockets.map((s) => s.url)).toEqual(["ws://test.invalid/ws?token=ok"]);
    h.fake.open();
    expect(status(h)).toBe("open");
  });
});

describe("throwing app callbacks", () => {
  const boom = (what: string) => () => {
    throw new Error(what);
  };
  const callbackErrors = (h: Harness) => h.errors.filter((e): e is CallbackError => e instanceof CallbackError);

  it("should report a throwing shouldReconnect once per close and reconnect as the default policy would", () => {
    const h = openClient({ reconnect: { initialDelayMs: 100, jitter: "none", shouldReconnect: boom("policy not ready") } });
    h.fake.serverClose(1006);
    expect(status(h)).toBe("reconnecting");
    expect(callbackErrors(h)).toHaveLength(1);
    expect(callbackErrors(h)[0]).toMatchObject({ code: ErrorCode.Callback, callback: "reconnect.shouldReconnect" });
    expect((callbackErrors(h)[0]?.cause as Error).message).toBe("policy not ready");
    h.clock.advance(100);
    expect(h.fake.sockets).toHaveLength(2);
    h.fake.open();
    expect(status(h)).toBe("open");
  });

  it("should fail on a 401 when shouldReconnect throws, as the default policy would", () => {
    const h = setup({ reconnect: { shouldReconnect: boom("policy bug") } });
    h.client.connect();
    h.fake.error({ status: 401 });
    expect(status(h)).toBe("failed");
    expect(callbackErrors(h).map((e) => e.callback)).toEqual(["reconnect.shouldReconnect"]);
    expect(h.errors.some((e) => e instanceof HandshakeRejectedError)).toBe(true);
  });

  it("should report a throwing random and wait the full backoff ceiling", () => {
    const h = openClient({ random: boom("no entropy"), reconnect: { initialDelayMs: 100, jitter: "full" } });
    h.fake.serverClose(1006);
    expect(h.states.at(-1)).toMatchObject({ status: "reconnecting", retryDelayMs: 100 });
    expect(callbackErrors(h).map((e) => e.callback)).toEqual(["random"]);
  });

  it("should report a throwing isPong, count the frame as no pong, and keep delivering messages", () => {
    const h = openClient({
      heartbeat: {
        intervalMs: 1_000,
        timeoutMs: 500,
        livenessFrom: "pong",
        ping: () => envelope({ case: "ping", value: { nonce: 1n } }),
        isPong: boom("isPong bug"),
      },
    });
    h.clock.advance(1_000);
    h.fake.receive(frame({ case: "pong", value: { nonce: 1n } }));
    expect(callbackErrors(h).map((e) => e.callback)).toEqual(["heartbeat.isPong"]);
    expect(h.messages).toHaveLength(1);
    h.clock.advance(500);
    expect(h.states.at(-1)).toMatchObject({ status: "reconnecting", lastClose: { code: 4900 } });
  });

  it("should report a throwing ping() as a CallbackError and let the heartbeat timeout decide", () => {
    const h = openClient({ heartbeat: { intervalMs: 1_000, timeoutMs: 500, ping: boom("ping bug") } });
    h.clock.advance(1_000);
    expect(callbackErrors(h).map((e) => e.callback)).toEqual(["heartbeat.ping"]);
    expect(h.fake.socket.sent).toEqual([]);
    h.clock.advance(500);
    expect(status(h)).toBe("reconnecting");
  });

  it("should treat a url provider returning neither a string nor a promise as a failed attempt", () => {
    const h = setup({ url: (() => undefined) as unknown as () => string });
    h.client.connect();
    expect(h.errors).toEqual([expect.any(InvalidUrlError)]);
    expect(status(h)).toBe("reconnecting");
  });

  it("should treat a throwing transport factory as a failed attempt", () => {
    let calls = 0;
    const fake = createFakeTransport();
    const h = setup({
      transport: (url, protocols, handlers) => {
        if (++calls === 1) throw new Error("factory bug");
        return fake.factory(url, protocols, handlers);
      },
    });
    h.client.connect();
    expect(h.errors[0]).toMatchObject({ code: ErrorCode.Transport, message: expect.stringContaining("factory bug") });
    expect(status(h)).toBe("reconnecting");
    h.clock.advanceToNext();
    fake.open();
    expect(status(h)).toBe("open");
  });
});

describe("request", () => {
  it("should stamp an id and resolve with the envelope carrying it", async () => {
    const h = openClient();
    const timersBefore = h.clock.pendingTimers;
    const reply = h.client.request(chat("q"), { timeoutMs: 1_000 });
    expect(h.clock.pendingTimers).toBe(timersBefore + 1);
    const [sent] = decodedSent(h.fake.socket.sent);
    expect(sent?.id).toBe(1n);
    h.fake.receive(frame({ case: "ack", value: { id: 1n } }, 0n, 1n));
    await expect(reply).resolves.toMatchObject({ id: 1n, payload: { case: "ack" } });
    expect(h.clock.pendingTimers).toBe(timersBefore);
  });

  it("should reject with RequestTimeoutError when no reply comes", async () => {
    const h = openClient();
    const reply = h.client.request(chat("q"), { timeoutMs: 1_000 });
    h.clock.advance(1_000);
    await expect(reply).rejects.toBeInstanceOf(RequestTimeoutError);
  });
});

describe("request from the outbox", () => {
  it("should withdraw a request that timed out while queued, keeping the other queued messages in order", async () => {
    const h = setup({ outbox: { limit: 10 } });
    h.client.send(chat("before"));
    const reply = h.client.request(chat("set lamp on"), { timeoutMs: 50 });
    h.client.send(chat("after"));
    h.clock.advance(50);
    await expect(reply).rejects.toBeInstanceOf(RequestTimeoutError);
    h.client.connect();
    h.fake.open();
    expect(decodedSent(h.fake.socket.sent)).toEqual([chat("before"), chat("after")]);
  });

  it("should withdraw an aborted queued request, and leave it out of dispose()'s unsent", async () => {
    const h = setup({ outbox: { limit: 10 } });
    const controller = new AbortController();
    const reply = h.client.request(chat("q"), { timeoutMs: 1_000, signal: controller.signal });
    h.client.send(chat("kept"));
    controller.abort(new Error("gone"));
    await expect(reply).rejects.toThrow("gone");
    expect(h.client.dispose()).toEqual([chat("kept")]);
  });

  it("should still send a queued request that has not settled, and resolve it", async () => {
    const h = setup({ outbox: { limit: 10 } });
    const reply = h.client.request(chat("q"), { timeoutMs: 1_000 });
    h.client.connect();
    h.fake.open();
    expect(decodedSent(h.fake.socket.sent)).toEqual([{ ...chat("q"), id: 1n }]);
    h.clock.advance(999);
    h.fake.receive(frame({ case: "ack", value: { id: 1n } }, 0n, 1n));
    await expect(reply).resolves.toMatchObject({ id: 1n });
  });

  it("should keep every queued message when a transport answers a request synchronously during the flush", async () => {
    // An in-process transport may deliver the reply inside send(): the request settles, withdraws its
    // outbox entry while it is being sent, and the flush must not then drop the next message instead.
    const fake = createFakeTransport();
    const answering: ClientOptions<TestEnvelope>["transport"] = (url, protocols, handlers) => {
      const socket = fake.factory(url, protocols, handlers);
      return {
        send(bytes) {
          const taken = socket.send(bytes);
          const sent = TestEnvelope.decode(bytes);
          if (taken !== false && sent.id !== 0n) handlers.frame(frame({ case: "ack", value: { id: sent.id } }, 0n, sent.id));
          return taken;
        },
        close: (code, reason) => socket.close(code, reason),
        terminate: () => socket.terminate(),
      };
    };
    const h = setup({ outbox: { limit: 10 }, transport: answering }, fake);
    const reply = h.client.request(chat("request"), { timeoutMs: 1_000 });
    h.client.send(chat("after-1"));
    h.client.send(chat("after-2"));
    h.client.connect();
    h.fake.open();
    await expect(reply).resolves.toMatchObject({ id: 1n });
    expect(decodedSent(h.fake.socket.sent)).toEqual([{ ...chat("request"), id: 1n }, chat("after-1"), chat("after-2")]);
  });
});

describe("request cancellation", () => {
  it("should reject with the signal's reason on abort and clear its timer", async () => {
    const h = openClient();
    const timersBefore = h.clock.pendingTimers;
    const controller = new AbortController();
    const reply = h.client.request(chat("q"), { timeoutMs: 1_000, signal: controller.signal });
    controller.abort(new Error("user navigated away"));
    await expect(reply).rejects.toThrow("user navigated away");
    expect(h.clock.pendingTimers).toBe(timersBefore);
    h.fake.receive(frame({ case: "ack", value: { id: 1n } }, 0n, 1n));
  });

  it("should reject at once for an already aborted signal, and for an id already in flight", async () => {
    const h = openClient();
    await expect(h.client.request(chat("q"), { signal: AbortSignal.abort(new Error("gone")) })).rejects.toThrow("gone");
    const first = h.client.request({ ...chat("q"), id: 77n });
    await expect(h.client.request({ ...chat("q"), id: 77n })).rejects.toBeInstanceOf(TypeError);
    h.fake.receive(frame({ case: "ack", value: { id: 77n } }, 0n, 77n));
    await expect(first).resolves.toMatchObject({ id: 77n });
  });
});

describe("option validation", () => {
  const ping = () => envelope({ case: "ping", value: { nonce: 1n } });
  const invalid = [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, 1e12];

  it.each(invalid)("should refuse a connect or close timeout of %s ms with a RangeError", (ms) => {
    expect(() => setup({ connectTimeoutMs: ms })).toThrow(RangeError);
    expect(() => setup({ closeTimeoutMs: ms })).toThrow(/closeTimeoutMs .*2147483647/);
  });

  it.each(invalid)("should refuse a heartbeat interval or timeout of %s ms with a RangeError", (ms) => {
    expect(() => setup({ heartbeat: { intervalMs: ms, ping } })).toThrow(RangeError);
    expect(() => setup({ heartbeat: { timeoutMs: ms, ping } })).toThrow(/heartbeat.timeoutMs/);
  });

  it("should accept the largest delay a timer holds", () => {
    const h = setup({ connectTimeoutMs: 2 ** 31 - 1, closeTimeoutMs: 2 ** 31 - 1, heartbeat: { intervalMs: 2 ** 31 - 1, ping } });
    h.client.connect();
    h.clock.advance(2 ** 31 - 2);
    expect(status(h)).toBe("connecting");
    h.clock.advance(1);
    expect(status(h)).toBe("reconnecting");
  });

  it.each(invalid)("should reject a request with timeoutMs %s at once, and send nothing", async (ms) => {
    const h = openClient();
    const timersBefore = h.clock.pendingTimers;
    await expect(h.client.request(chat("q"), { timeoutMs: ms })).rejects.toThrow(RangeError);
    expect(h.fake.socket.sent).toEqual([]);
    expect(h.clock.pendingTimers).toBe(timersBefore);
  });
});

describe("close arguments", () => {
  it.each([999, 1001, 1005, 1006, 2999, 3000.5, 5000, Number.NaN])(
    "should throw a RangeError for close code %s and leave the connection open",
    (code) => {
      const h = openClient();
      expect(() => h.client.close(code, "r")).toThrow(RangeError);
      expect(status(h)).toBe("open");
      expect(h.fake.socket.closeRequest).toBeUndefined();
    },
  );

  it("should throw a RangeError for a reason over 123 UTF-8 bytes, counted in bytes", () => {
    const h = openClient();
    expect(() => h.client.close(4000, "x".repeat(124))).toThrow(/123 bytes/);
    expect(() => h.client.close(4000, "é".repeat(62))).toThrow(RangeError); // 124 bytes in 62 chars
    expect(status(h)).toBe("open");
    h.client.close(4000, "é".repeat(61) + "x");
    expect(h.fake.socket.closeRequest).toEqual({ code: 4000, reason: "é".repeat(61) + "x" });
    expect(h.client.actor.getSnapshot().context.lastClose).toMatchObject({ code: 4000 });
  });

  it("should accept 1000, 3000 and 4999 while connecting too", () => {
    for (const code of [1000, 3000, 4999]) {
      const h = setup();
      h.client.connect();
      h.client.close(code, "bye");
      expect(h.states.at(-1)).toMatchObject({ status: "closed", lastClose: { code, reason: "bye" } });
    }
  });
});

describe("lazy", () => {
  it("should connect on the first subscriber and close after the last leaves", () => {
    const h = setup({ lazy: true });
    expect(status(h)).toBe("idle");
    const first = h.client.on("tick").subscribe();
    const second = h.client.messages$.subscribe();
    expect(status(h)).toBe("connecting");
    h.fake.open();
    first.unsubscribe();
    expect(status(h)).toBe("open");
    second.unsubscribe();
    expect(status(h)).toBe("closed");
    h.client.messages$.subscribe();
    expect(status(h)).toBe("connecting");
  });
});

describe("browser network events", () => {
  it("should follow the window's offline/online events and remove its listeners on dispose", () => {
    const listeners = new Map<string, Set<() => void>>();
    const scope = globalThis as Record<string, unknown>;
    const saved = { add: scope.addEventListener, remove: scope.removeEventListener };
    scope.addEventListener = (type: string, listener: () => void) => {
      const set = listeners.get(type) ?? new Set();
      set.add(listener);
      listeners.set(type, set);
    };
    scope.removeEventListener = (type: string, listener: () => void) => listeners.get(type)?.delete(listener);
    scope.onoffline = null;
    const fire = (type: string) => {
      for (const listener of listeners.get(type) ?? []) listener();
    };
    try {
      const h = openClient();
      expect(listeners.get("offline")?.size).toBe(1);
      fire("offline");
      expect(status(h)).toBe("reconnecting");
      expect(h.states.at(-1)?.online).toBe(false);
      expect(h.fake.socket.terminated).toBe(true);
      h.clock.advance(60_000);
      expect(h.fake.sockets).toHaveLength(1);
      fire("online");
      expect(status(h)).toBe("connecting");
      expect(h.fake.sockets).toHaveLength(2);
      h.client.dispose();
      expect(listeners.get("offline")?.size).toBe(0);
      expect(listeners.get("online")?.size).toBe(0);
    } finally {
      scope.addEventListener = saved.add;
      scope.removeEventListener = saved.remove;
      delete scope.onoffline;
    }
  });
});

describe("browser network state at creation", () => {
  it("should start offline when navigator.onLine is false, and wait for online after a failed attempt", () => {
    const scope = globalThis as Record<string, unknown>;
    const listeners = new Map<string, () => void>();
    const saved = { add: scope.addEventListener, remove: scope.removeEventListener, navigator: Object.getOwnPropertyDescriptor(globalThis, "navigator") };
    scope.addEventListener = (type: string, listener: () => void) => listeners.set(type, listener);
    scope.removeEventListener = () => undefined;
    scope.onoffline = null;
    Object.defineProperty(globalThis, "navigator", { value: { onLine: false }, configurable: true });
    try {
      const h = setup();
      expect(h.states.at(-1)).toMatchObject({ status: "idle", online: false });
      h.client.connect();
      h.fake.error({ message: "net::ERR_INTERNET_DISCONNECTED" });
      expect(h.client.actor.getSnapshot().value).toEqual({ reconnecting: "offline" });
      h.clock.advance(10 * 60_000);
      expect(h.fake.sockets).toHaveLength(1);
      listeners.get("online")?.();
      expect(h.fake.sockets).toHaveLength(2);
      h.client.dispose();

      // A socket that opens proves the network works although navigator.onLine still says false:
      // a later drop backs off and retries, it does not wait for an `online` that never comes.
      const lan = setup();
      lan.client.connect();
      lan.fake.open();
      expect(lan.states.at(-1)).toMatchObject({ status: "open", online: true });
      lan.fake.serverClose(1001);
      expect(lan.client.actor.getSnapshot().value).toMatchObject({ reconnecting: "waiting" });
      lan.clock.advance(10 * 60_000);
      expect(lan.fake.sockets.length).toBeGreaterThan(1);
      lan.client.dispose();
    } finally {
      scope.addEventListener = saved.add;
      scope.removeEventListener = saved.remove;
      delete scope.onoffline;
      if (saved.navigator === undefined) delete scope.navigator;
      else Object.defineProperty(globalThis, "navigator", saved.navigator);
    }
  });
});

describe("stream delivery", () => {
  it("should deliver each message to messages$ and to the subscribers of its case only", () => {
    const h = openClient();
    const ticks: number[] = [];
    const chats: string[] = [];
    h.client.on("tick").subscribe((t) => ticks.push(t.price));
    h.client.on("chat").subscribe((c) => chats.push(c.text));
    h.client.on("chat").subscribe((c) => chats.push(c.text.toUpperCase()));
    h.fake.receive(frame(tick(1)));
    h.fake.receive(TestEnvelope.encode(chat("hi")));
    h.fake.receive(TestEnvelope.encode(envelope(undefined)));
    expect(ticks).toEqual([1]);
    expect(chats).toEqual(["hi", "HI"]);
    expect(h.messages).toHaveLength(3);
  });

  it("should let a subscriber unsubscribe while a message is being delivered", () => {
    const h = openClient();
    const seen: string[] = [];
    const first = h.client.on("tick").subscribe(() => {
      seen.push("first");
      first.unsubscribe();
    });
    h.client.on("tick").subscribe(() => seen.push("second"));
    h.fake.receive(frame(tick(1)));
    h.fake.receive(frame(tick(2)));
    expect(seen).toEqual(["first", "second", "second"]);
  });

  it("should give a state$ subscriber the changes its own reaction to the replay causes", () => {
    const h = setup();
    const seen: ConnectionStatus[] = [];
    h.client.state$.subscribe((s) => {
      seen.push(s.status);
      if (s.status === "idle") h.client.connect();
    });
    expect(seen).toEqual(["idle", "connecting"]);
  });

  it("should complete subscribers that arrive after dispose", () => {
    const h = setup();
    h.client.dispose();
    let completed = 0;
    h.client.messages$.subscribe({ complete: () => completed++ });
    h.client.state$.subscribe({ complete: () => completed++ });
    h.client.on("tick").subscribe({ complete: () => completed++ });
    h.client.errors$.subscribe({ complete: () => completed++ });
    expect(completed).toBe(4);
  });
});
