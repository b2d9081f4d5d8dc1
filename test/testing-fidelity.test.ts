/**
 * rxwire/testing as an app developer uses it: the fake transport and the test
 * clock must behave like the real transport and real timers, or an app's tests
 * pass against behaviour production never shows.
 */
import { describe, expect, it } from "vitest";
import { createClient } from "../src/client.js";
import { ErrorCode, HandshakeRejectedError, MessageTooLargeError, type RxwireError } from "../src/errors.js";
import { createFakeTransport, TestClock, TimerLoopError } from "../src/testing/index.js";
import { TestEnvelope } from "./support/test-codec.js";

function fakeClient(overrides: { reconnect?: { initialDelayMs: number; jitter: "none" } } = {}) {
  const fake = createFakeTransport();
  const clock = new TestClock();
  const client = createClient<TestEnvelope>({ url: "ws://test.invalid/", codec: TestEnvelope, transport: fake.factory, clock, ...overrides });
  const errors: RxwireError[] = [];
  client.errors$.subscribe((e) => errors.push(e));
  return { fake, clock, client, errors };
}

describe("FakeSocket.error", () => {
  it("should pass `fatal` on, like a real subprotocol refusal: failed with HandshakeRejectedError", () => {
    const { fake, client, errors } = fakeClient();
    client.connect();
    fake.error({ code: ErrorCode.HandshakeRejected, message: "server refused the requested subprotocol", fatal: true });
    expect(client.actor.getSnapshot().value).toBe("failed");
    expect(client.actor.getSnapshot().context.failure?.code).toBe(ErrorCode.HandshakeRejected);
    expect(errors.some((e) => e instanceof HandshakeRejectedError)).toBe(true);
    client.dispose();
  });

  it("should pass `closeCode` on, like ws's maxPayload refusal: lastClose 1009, fatal by default", () => {
    const { fake, client, errors } = fakeClient();
    client.connect();
    fake.open();
    fake.error({ code: ErrorCode.MessageTooLarge, message: "Max payload size exceeded", closeCode: 1009 });
    expect(client.actor.getSnapshot().context.lastClose?.code).toBe(1009);
    expect(client.actor.getSnapshot().value).toBe("failed");
    expect(errors.some((e) => e instanceof MessageTooLargeError)).toBe(true);
    client.dispose();
  });
});

describe("FakeSocket.send", () => {
  it("should take nothing unless open, as the real transport does (false, never a throw)", () => {
    const { fake, client } = fakeClient();
    client.connect();
    const socket = fake.socket;
    expect(socket.send(new Uint8Array([1]))).toBe(false);
    socket.open();
    expect(socket.send(new Uint8Array([2]))).toBe(true);
    socket.peerClosing();
    expect(socket.send(new Uint8Array([3]))).toBe(false);
    expect(socket.sent.map((b) => [...b])).toEqual([[2]]);
    client.dispose();
  });
});

describe("FakeSocket.peerClosing", () => {
  it("should end with the server's close code and reason, as a real socket reports them, whoever finishes the close", () => {
    const first = fakeClient();
    first.client.connect();
    first.fake.socket.open().peerClosing(4001, "shutting down");
    first.client.close(1000, "bye");
    expect(first.client.actor.getSnapshot().context.lastClose).toEqual({ code: 4001, reason: "shutting down", wasClean: true });
    first.client.dispose();

    const second = fakeClient();
    second.client.connect();
    second.fake.socket.open().peerClosing(4001, "shutting down").serverClose();
    expect(second.client.actor.getSnapshot().context.lastClose).toEqual({ code: 4001, reason: "shutting down", wasClean: true });
    second.client.dispose();
  });
});

describe("TestClock", () => {
  it("should throw TimerLoopError instead of hanging when a zero backoff meets a synchronous failure", () => {
    const clock = new TestClock();
    let dialled = 0;
    const client = createClient<TestEnvelope>({
      url: () => {
        dialled++;
        throw new Error("no token");
      },
      codec: TestEnvelope,
      clock,
      reconnect: { initialDelayMs: 0 },
    });
    client.connect();
    expect(() => clock.advance(1_000)).toThrow(TimerLoopError);
    expect(dialled).toBeGreaterThan(1);
    expect(clock.now()).toBe(0);
    client.dispose();
    expect(clock.pendingTimers).toBe(0);
  });

  it("should still fire many timers spread over time in one advance", () => {
    const clock = new TestClock();
    let fired = 0;
    const again = (): void => {
      fired++;
      clock.setTimeout(again, 1);
    };
    clock.setTimeout(again, 1);
    clock.advance(20_000);
    expect(fired).toBe(20_000);
  });

  it("should refuse to move time backwards, and fire an overdue timer after a skew with advanceToNext", () => {
    const clock = new TestClock(100);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.skew(-5)).toThrow(RangeError);
    expect(clock.now()).toBe(100);
    let fired = 0;
    clock.setTimeout(() => fired++, 10);
    clock.skew(50);
    expect(clock.advanceToNext()).toBe(true);
    expect(fired).toBe(1);
    expect(clock.now()).toBe(150);
  });
});

describe("TestClock with many timers due together", () => {
  it("should fire them all: only zero-delay chains count as a loop", () => {
    const clock = new TestClock();
    let fired = 0;
    for (let i = 0; i < 10_001; i++) clock.setTimeout(() => fired++, 10);
    clock.advance(10);
    expect(fired).toBe(10_001);
  });
});
