import { afterEach, describe, expect, it } from "vitest";
import { classifyClose } from "../src/close-codes.js";
import { ErrorCode } from "../src/errors.js";
import type { ConnectionMachineInput } from "../src/machine.js";
import { baseInput, createHarness, type Harness } from "./machine-harness.js";

let harness: Harness | undefined;
function start(overrides: Partial<ConnectionMachineInput> = {}): Harness {
  harness = createHarness(overrides);
  return harness;
}
afterEach(() => {
  harness?.stop();
  harness = undefined;
});

/** Connects and opens socket 1; clears the log. */
function opened(overrides: Partial<ConnectionMachineInput> = {}): Harness {
  const h = start(overrides);
  h.send({ type: "client.connect" });
  h.send({ type: "transport.open", socketId: 1 });
  h.clear();
  return h;
}

const fastReconnect = baseInput.reconnect as Exclude<ConnectionMachineInput["reconnect"], false>;

describe("connectionMachine: connecting", () => {
  it("should start idle and open socket 1 on client.connect", () => {
    const h = start();
    expect(h.snapshot().value).toBe("idle");
    expect(h.actions).toEqual([]);
    h.send({ type: "client.connect" });
    expect(h.snapshot().value).toBe("connecting");
    expect(h.actions).toEqual([{ type: "openSocket", params: { socketId: 1, attempt: 0 } }]);
  });

  it("should enter open on transport.open, flush the outbox and record openedAt", () => {
    const h = start();
    h.clock.set(42);
    h.send({ type: "client.connect" });
    h.send({ type: "transport.open", socketId: 1 });
    expect(h.snapshot().value).toEqual({ open: "idle" });
    expect(h.of("flushOutbox")).toEqual([{ socketId: 1 }]);
    expect(h.snapshot().context.openedAt).toBe(42);
  });

  it("should terminate on connect timeout, report it, back off and try again", () => {
    const h = start();
    h.send({ type: "client.connect" });
    h.clock.increment(999);
    expect(h.snapshot().value).toBe("connecting");
    h.clock.increment(1);
    expect(h.of("terminateSocket")).toEqual([{ socketId: 1, code: 4901, reason: "connect timeout" }]);
    expect(h.of("reportError")).toEqual([
      {
        code: ErrorCode.ConnectTimeout,
        message: "socket did not open within 1000 ms",
        close: { code: 4901, reason: "connect timeout", wasClean: false },
      },
    ]);
    const { context, value } = h.snapshot();
    expect(value).toEqual({ reconnecting: "waiting" });
    expect(context.lastClose).toEqual({ code: 4901, reason: "connect timeout", wasClean: false });
    expect(context.attempt).toBe(1);
    expect(context.retryDelayMs).toBe(100);
    expect(context.nextAttemptAt).toBe(1_100);
    h.clock.increment(99);
    expect(h.of("openSocket")).toHaveLength(1);
    h.clock.increment(1);
    expect(h.snapshot().value).toBe("connecting");
    expect(h.of("openSocket")).toEqual([
      { socketId: 1, attempt: 0 },
      { socketId: 2, attempt: 1 },
    ]);
    expect(h.snapshot().context.retryDelayMs).toBeUndefined();
  });

  it("should follow the backoff schedule, drawing random() once per attempt", () => {
    let draws = 0;
    const h = start({
      reconnect: { ...fastReconnect, jitter: "full", maxAttempts: 10 },
      random: () => {
        draws += 1;
        return 0.5;
      },
    });
    h.send({ type: "client.connect" });
    const delays: (number | undefined)[] = [];
    for (let socketId = 1; socketId <= 6; socketId += 1) {
      h.send({ type: "transport.close", socketId, code: 1006, reason: "", wasClean: false });
      delays.push(h.snapshot().context.retryDelayMs);
      h.clock.increment(h.snapshot().context.retryDelayMs ?? 0);
      expect(h.snapshot().value).toBe("connecting");
    }
    expect(delays).toEqual([50, 100, 200, 400, 500, 500]);
    expect(draws).toBe(6);
  });

  it("should fail after maxAttempts and stop trying", () => {
    const h = start({ reconnect: { ...fastReconnect, maxAttempts: 2 } });
    h.send({ type: "client.connect" });
    h.clock.increment(1_000); // attempt 0 times out
    h.clock.increment(100);
    h.clock.increment(1_000); // attempt 1 times out
    h.clock.increment(200);
    h.clock.increment(1_000); // attempt 2 times out: gave up
    expect(h.snapshot().value).toBe("failed");
    expect(h.snapshot().context.failure).toEqual({ code: ErrorCode.Closed, message: "gave up after 2 attempts" });
    const reports = h.of("reportError");
    expect(reports.at(-1)).toMatchObject({ code: ErrorCode.Closed, message: "gave up after 2 attempts" });
    h.clock.increment(60_000);
    expect(h.of("openSocket")).toHaveLength(3);
  });

  it("should ignore transport.open from a stale socket", () => {
    const h = start();
    h.send({ type: "client.connect" });
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    h.clock.increment(100);
    h.send({ type: "transport.open", socketId: 1 });
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    expect(h.snapshot().value).toBe("connecting");
    h.send({ type: "transport.open", socketId: 2 });
    expect(h.snapshot().value).toEqual({ open: "idle" });
  });

  it("should end in failed on a 401 handshake rejection, without reconnecting", () => {
    const h = start();
    h.send({ type: "client.connect" });
    h.send({ type: "transport.error", socketId: 1, code: ErrorCode.HandshakeRejected, message: "Unexpected server response: 401", status: 401 });
    const { value, context } = h.snapshot();
    expect(value).toBe("failed");
    expect(context.failure).toEqual({ code: ErrorCode.HandshakeRejected, message: "Unexpected server response: 401" });
    expect(context.lastClose).toEqual({ code: 4902, reason: "handshake rejected: HTTP 401", wasClean: false });
    expect(h.of("reportError")).toEqual([
      {
        code: ErrorCode.HandshakeRejected,
        message: "Unexpected server response: 401",
        close: { code: 4902, reason: "handshake rejected: HTTP 401", wasClean: false },
        status: 401,
      },
    ]);
    expect(h.of("terminateSocket")).toEqual([{ socketId: 1, code: 4902, reason: "handshake rejected" }]);
    h.clock.increment(60_000);
    expect(h.of("openSocket")).toHaveLength(1);
  });

  it("should treat 403 like 401", () => {
    const h = start();
    h.send({ type: "client.connect" });
    h.send({ type: "transport.error", socketId: 1, code: ErrorCode.HandshakeRejected, message: "403", status: 403 });
    expect(h.snapshot().value).toBe("failed");
  });

  it("should retry a 401 with backoff when shouldReconnect says so", () => {
    const seen: number[] = [];
    const h = start({
      reconnect: {
        ...fastReconnect,
        shouldReconnect: (close) => {
          seen.push(close.code);
          return true;
        },
      },
    });
    h.send({ type: "client.connect" });
    h.send({ type: "transport.error", socketId: 1, code: ErrorCode.HandshakeRejected, message: "401", status: 401 });
    expect(h.snapshot().value).toEqual({ reconnecting: "waiting" });
    expect(h.snapshot().context.retryDelayMs).toBe(100);
    expect(seen).toContain(4902);
    h.clock.increment(99);
    expect(h.of("openSocket")).toHaveLength(1);
    h.clock.increment(1);
    expect(h.of("openSocket")).toHaveLength(2);
  });

  it("should go on with the default verdict when shouldReconnect throws", () => {
    const h = start({
      reconnect: {
        ...fastReconnect,
        shouldReconnect: () => {
          throw new Error("policy bug");
        },
      },
    });
    h.send({ type: "client.connect" });
    h.send({ type: "transport.open", socketId: 1 });
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    expect(h.snapshot().value).toEqual({ reconnecting: "waiting" });
    h.clock.increment(100);
    expect(h.of("openSocket")).toHaveLength(2);
    h.send({ type: "transport.error", socketId: 2, code: ErrorCode.HandshakeRejected, message: "401", status: 401 });
    expect(h.snapshot().value).toBe("failed");
    h.send({ type: "client.connect" });
    h.send({ type: "transport.open", socketId: 3 });
    h.send({ type: "transport.close", socketId: 3, code: 1008, reason: "", wasClean: true });
    expect(h.snapshot().value).toBe("failed");
  });

  it("should wait the full ceiling (no jitter) when random throws", () => {
    const h = start({
      reconnect: { ...fastReconnect, jitter: "full" },
      random: () => {
        throw new Error("no entropy");
      },
    });
    h.send({ type: "client.connect" });
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    expect(h.snapshot().value).toEqual({ reconnecting: "waiting" });
    expect(h.snapshot().context.retryDelayMs).toBe(100);
  });

  it("should retry other handshake statuses (503) by default, recorded as 4905", () => {
    const h = start();
    h.send({ type: "client.connect" });
    h.send({ type: "transport.error", socketId: 1, code: ErrorCode.HandshakeRejected, message: "503", status: 503 });
    expect(h.snapshot().value).toEqual({ reconnecting: "waiting" });
    expect(h.snapshot().context.lastClose).toEqual({ code: 4905, reason: "handshake rejected: HTTP 503", wasClean: false });
    expect(h.of("reportError")[0]).toMatchObject({ code: ErrorCode.HandshakeRejected, status: 503 });
  });

  it.each([401, 403])(
    "should fail on %i when shouldReconnect spells out the documented default (classifyClose === retry)",
    (status) => {
      const h = start({
        reconnect: { ...fastReconnect, shouldReconnect: (close) => classifyClose(close) === "retry" },
      });
      h.send({ type: "client.connect" });
      h.send({ type: "transport.error", socketId: 1, code: ErrorCode.HandshakeRejected, message: "no", status });
      expect(h.snapshot().value).toBe("failed");
      h.clock.increment(60_000);
      expect(h.of("openSocket")).toHaveLength(1);
    },
  );

  it("should still retry a 503 when shouldReconnect spells out the documented default", () => {
    const h = start({ reconnect: { ...fastReconnect, shouldReconnect: (close) => classifyClose(close) === "retry" } });
    h.send({ type: "client.connect" });
    h.send({ type: "transport.error", socketId: 1, code: ErrorCode.HandshakeRejected, message: "503", status: 503 });
    expect(h.snapshot().value).toEqual({ reconnecting: "waiting" });
  });

  it("should record the socket's own close code of a transport error (1009) instead of 4904", () => {
    const h = opened();
    h.send({ type: "transport.error", socketId: 1, code: ErrorCode.MessageTooLarge, message: "Max payload size exceeded", closeCode: 1009 });
    expect(h.snapshot().context.lastClose).toEqual({ code: 1009, reason: "Max payload size exceeded", wasClean: false });
    expect(h.snapshot().value).toBe("failed"); // 1009 is fatal by default
    expect(h.of("reportError")[0]).toMatchObject({ code: ErrorCode.MessageTooLarge, close: { code: 1009 } });
  });

  it("should drop the socket and retry on a transport error without status", () => {
    const h = start();
    h.send({ type: "client.connect" });
    h.send({ type: "transport.error", socketId: 1, code: ErrorCode.Transport, message: "ECONNREFUSED" });
    expect(h.snapshot().value).toEqual({ reconnecting: "waiting" });
    expect(h.of("terminateSocket")).toEqual([{ socketId: 1, code: 4904, reason: "ECONNREFUSED" }]);
    expect(h.of("reportError")).toEqual([
      { code: ErrorCode.Transport, message: "ECONNREFUSED", close: { code: 4904, reason: "ECONNREFUSED", wasClean: false } },
    ]);
  });

  it("should close (terminate) while connecting and never reconnect", () => {
    const h = start();
    h.send({ type: "client.connect" });
    h.send({ type: "client.close", code: 1000, reason: "bye" });
    expect(h.snapshot().value).toBe("closed");
    expect(h.of("terminateSocket")).toEqual([{ socketId: 1, code: 1000, reason: "bye" }]);
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    h.clock.increment(60_000);
    expect(h.snapshot().value).toBe("closed");
    expect(h.of("openSocket")).toHaveLength(1);
  });
});

describe("connectionMachine: open", () => {
  it("should reconnect on an abnormal close (1006)", () => {
    const h = opened();
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    expect(h.snapshot().value).toEqual({ reconnecting: "waiting" });
    expect(h.snapshot().context.lastClose).toEqual({ code: 1006, reason: "", wasClean: false });
    h.clock.increment(100);
    expect(h.of("openSocket")).toEqual([{ socketId: 2, attempt: 1 }]);
  });

  it("should end closed on a server's normal close (1000) without reconnecting", () => {
    const h = opened();
    h.send({ type: "transport.close", socketId: 1, code: 1000, reason: "done", wasClean: true });
    expect(h.snapshot().value).toBe("closed");
    expect(h.of("reportError")).toEqual([]);
    h.clock.increment(60_000);
    expect(h.of("openSocket")).toEqual([]);
  });

  it("should end failed on a fatal close (1008) and report it", () => {
    const h = opened();
    h.send({ type: "transport.close", socketId: 1, code: 1008, reason: "policy", wasClean: true });
    expect(h.snapshot().value).toBe("failed");
    expect(h.snapshot().context.failure).toEqual({ code: ErrorCode.Closed, message: "connection closed (1008: policy)" });
    expect(h.of("reportError")).toEqual([
      { code: ErrorCode.Closed, message: "connection closed (1008: policy)", close: { code: 1008, reason: "policy", wasClean: true } },
    ]);
  });

  it("should honour shouldReconnect over the default classification", () => {
    const h = opened({ reconnect: { ...fastReconnect, shouldReconnect: (close) => close.code === 1000 } });
    h.send({ type: "transport.close", socketId: 1, code: 1000, reason: "", wasClean: true });
    expect(h.snapshot().value).toEqual({ reconnecting: "waiting" });
  });

  it("should never reconnect with reconnect: false", () => {
    const h = opened({ reconnect: false });
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    expect(h.snapshot().value).toBe("failed");
    h.clock.increment(60_000);
    expect(h.of("openSocket")).toEqual([]);
  });

  it("should end closed on a normal close with reconnect: false", () => {
    const h = opened({ reconnect: false });
    h.send({ type: "transport.close", socketId: 1, code: 1000, reason: "", wasClean: true });
    expect(h.snapshot().value).toBe("closed");
  });

  it("should start the backoff afresh when a connection that lasted resetAfterMs drops", () => {
    const h = start();
    h.send({ type: "client.connect" });
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    h.clock.increment(100);
    h.send({ type: "transport.close", socketId: 2, code: 1006, reason: "", wasClean: false });
    h.clock.increment(200);
    h.send({ type: "transport.open", socketId: 3 });
    expect(h.snapshot().context.attempt).toBe(2);
    h.clock.increment(3_000);
    h.send({ type: "transport.close", socketId: 3, code: 1006, reason: "", wasClean: false });
    expect(h.snapshot().context.attempt).toBe(1);
    expect(h.snapshot().context.retryDelayMs).toBe(100);
  });

  it("should judge stability by the wall clock, so a suspended connection counts as stable", () => {
    const h = start();
    h.send({ type: "client.connect" });
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    h.clock.increment(100);
    h.send({ type: "transport.open", socketId: 2 });
    h.suspend(3_000);
    h.send({ type: "transport.close", socketId: 2, code: 1006, reason: "", wasClean: false });
    expect(h.snapshot().context.attempt).toBe(1);
  });

  it("should keep counting attempts when a connection drops before resetAfterMs", () => {
    const h = start();
    h.send({ type: "client.connect" });
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    h.clock.increment(100);
    h.send({ type: "transport.open", socketId: 2 });
    h.clock.increment(2_999);
    h.send({ type: "transport.close", socketId: 2, code: 1006, reason: "", wasClean: false });
    expect(h.snapshot().context.attempt).toBe(2);
    expect(h.snapshot().context.retryDelayMs).toBe(200);
  });

  it("should fail at the first drop with maxAttempts 0", () => {
    const h = opened({ reconnect: { ...fastReconnect, maxAttempts: 0 } });
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    expect(h.snapshot().value).toBe("failed");
    expect(h.snapshot().context.failure?.message).toBe("gave up after 0 attempts");
  });

  it("should end failed when shouldReconnect declines a retryable close", () => {
    const h = opened({ reconnect: { ...fastReconnect, shouldReconnect: () => false } });
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    expect(h.snapshot().value).toBe("failed");
    expect(h.of("reportError")[0]).toMatchObject({ code: ErrorCode.Closed, close: { code: 1006 } });
  });

  it("should ignore a stale socket's close while open", () => {
    const h = start();
    h.send({ type: "client.connect" });
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    h.clock.increment(100);
    h.send({ type: "transport.open", socketId: 2 });
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    h.send({ type: "transport.error", socketId: 1, code: ErrorCode.Transport, message: "late" });
    expect(h.snapshot().value).toEqual({ open: "idle" });
  });

  it("should drop the socket and retry on a transport error while open", () => {
    const h = opened();
    h.send({ type: "transport.error", socketId: 1, code: ErrorCode.Transport, message: "EPIPE" });
    expect(h.snapshot().value).toEqual({ reconnecting: "waiting" });
    expect(h.of("terminateSocket")).toEqual([{ socketId: 1, code: 4904, reason: "transport error" }]);
    expect(h.of("reportError")[0]).toMatchObject({ code: ErrorCode.Transport, message: "EPIPE" });
  });

  it("should ignore events that do not apply", () => {
    const h = opened();
    h.send({ type: "client.connect" });
    h.send({ type: "transport.open", socketId: 1 });
    h.send({ type: "network.online" });
    expect(h.snapshot().value).toEqual({ open: "idle" });
    expect(h.actions).toEqual([]);
  });
});

describe("connectionMachine: heartbeat", () => {
  it("should ping after the interval and go back to idle on activity", () => {
    const h = opened();
    h.clock.increment(999);
    expect(h.of("sendPing")).toEqual([]);
    h.clock.increment(1);
    expect(h.snapshot().value).toEqual({ open: "probing" });
    expect(h.of("sendPing")).toEqual([{ socketId: 1 }]);
    expect(h.snapshot().context.pingSentAt).toBe(1_000);
    expect(h.snapshot().context.heartbeatDeadline).toBe(1_300);
    h.clock.increment(200);
    h.send({ type: "transport.activity", socketId: 1 });
    expect(h.snapshot().value).toEqual({ open: "idle" });
    expect(h.snapshot().context.heartbeatDeadline).toBeUndefined();
    h.clock.increment(1_000);
    expect(h.of("sendPing")).toHaveLength(2);
  });

  it("should terminate and reconnect with lastClose 4900 when the pong does not come", () => {
    const h = opened();
    h.clock.increment(1_000);
    h.clock.increment(299);
    expect(h.snapshot().value).toEqual({ open: "probing" });
    h.clock.increment(1);
    expect(h.of("terminateSocket")).toEqual([{ socketId: 1, code: 4900, reason: "heartbeat timeout" }]);
    expect(h.of("reportError")).toEqual([
      {
        code: ErrorCode.HeartbeatTimeout,
        message: "no frame within 300 ms of a ping",
        close: { code: 4900, reason: "heartbeat timeout", wasClean: false },
      },
    ]);
    const { value, context } = h.snapshot();
    expect(value).toEqual({ reconnecting: "waiting" });
    expect(context.lastClose).toEqual({ code: 4900, reason: "heartbeat timeout", wasClean: false });
    expect(context.pingSentAt).toBeUndefined();
    h.clock.increment(100);
    expect(h.of("openSocket")).toEqual([{ socketId: 2, attempt: 1 }]);
  });

  it("should ignore activity reported by a stale socket", () => {
    const h = opened();
    h.clock.increment(1_000);
    h.send({ type: "transport.activity", socketId: 7 });
    expect(h.snapshot().value).toEqual({ open: "probing" });
    h.clock.increment(300);
    expect(h.snapshot().value).toEqual({ reconnecting: "waiting" });
  });

  it("should re-probe instead of dropping the link when timers were frozen", () => {
    const h = opened();
    h.clock.increment(1_000);
    // The process sleeps for a minute: the wall clock moves, the timers do not.
    h.suspend(60_000);
    h.clock.increment(300);
    expect(h.snapshot().value).toEqual({ open: "probing" });
    expect(h.of("sendPing")).toHaveLength(2);
    expect(h.of("terminateSocket")).toEqual([]);
    expect(h.snapshot().context.heartbeatDeadline).toBe(61_300 + 300);
    h.send({ type: "transport.activity", socketId: 1 });
    expect(h.snapshot().value).toEqual({ open: "idle" });
  });

  it("should drop the link when the re-probe goes unanswered too", () => {
    const h = opened();
    h.clock.increment(1_000);
    h.suspend(60_000);
    h.clock.increment(300);
    h.clock.increment(300);
    expect(h.snapshot().value).toEqual({ reconnecting: "waiting" });
    expect(h.of("terminateSocket")).toEqual([{ socketId: 1, code: 4900, reason: "heartbeat timeout" }]);
  });

  it("should not count an ordinary late timer as a suspension", () => {
    const h = opened();
    h.clock.increment(1_000);
    h.suspend(500); // 300 + 500 = 800 ms ≤ 2 × 300 + 1000
    h.clock.increment(300);
    expect(h.snapshot().value).toEqual({ reconnecting: "waiting" });
  });

  it("should drop the link on liveness.check once the deadline has passed", () => {
    const h = opened();
    h.send({ type: "liveness.check" });
    expect(h.snapshot().value).toEqual({ open: "idle" });
    h.clock.increment(1_000);
    h.send({ type: "liveness.check" });
    expect(h.snapshot().value).toEqual({ open: "probing" });
    h.suspend(301);
    h.send({ type: "liveness.check" });
    expect(h.snapshot().value).toEqual({ reconnecting: "waiting" });
    expect(h.of("terminateSocket")).toEqual([{ socketId: 1, code: 4900, reason: "heartbeat timeout" }]);
    expect(h.of("reportError")).toHaveLength(1);
  });

  it("should not ping at all without a heartbeat policy", () => {
    const h = opened({ heartbeat: false });
    expect(h.snapshot().value).toEqual({ open: "unmonitored" });
    h.clock.increment(3_600_000);
    expect(h.of("sendPing")).toEqual([]);
    h.send({ type: "liveness.check" });
    expect(h.snapshot().value).toEqual({ open: "unmonitored" });
  });
});

describe("connectionMachine: closing", () => {
  it("should close politely, end closed and never reconnect", () => {
    const h = opened();
    h.send({ type: "client.close", code: 1000, reason: "bye" });
    expect(h.snapshot().value).toBe("closing");
    expect(h.of("closeSocket")).toEqual([{ socketId: 1, code: 1000, reason: "bye" }]);
    h.send({ type: "transport.close", socketId: 1, code: 1000, reason: "bye", wasClean: true });
    expect(h.snapshot().value).toBe("closed");
    expect(h.snapshot().context.lastClose).toEqual({ code: 1000, reason: "bye", wasClean: true });
    h.clock.increment(60_000);
    expect(h.of("openSocket")).toEqual([]);
    expect(h.of("sendPing")).toEqual([]);
  });

  it("should default the close code to 1000", () => {
    const h = opened();
    h.send({ type: "client.close" });
    expect(h.of("closeSocket")).toEqual([{ socketId: 1, code: 1000, reason: "" }]);
  });

  it("should not reconnect even if the server answers the close with an abnormal code", () => {
    const h = opened();
    h.send({ type: "client.close" });
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    expect(h.snapshot().value).toBe("closed");
    h.clock.increment(60_000);
    expect(h.of("openSocket")).toEqual([]);
  });

  it("should terminate when the close handshake times out", () => {
    const h = opened();
    h.send({ type: "client.close", code: 4000, reason: "x" });
    h.clock.increment(499);
    expect(h.snapshot().value).toBe("closing");
    h.clock.increment(1);
    expect(h.snapshot().value).toBe("closed");
    expect(h.of("terminateSocket")).toEqual([{ socketId: 1, code: 4000, reason: "x" }]);
    expect(h.snapshot().context.lastClose).toEqual({ code: 4000, reason: "x", wasClean: false });
  });

  it("should end closed when the transport fails while closing", () => {
    const h = opened();
    h.send({ type: "client.close", code: 1001, reason: "away" });
    h.send({ type: "transport.error", socketId: 1, code: ErrorCode.Transport, message: "EPIPE" });
    expect(h.snapshot().value).toBe("closed");
    expect(h.of("terminateSocket")).toEqual([{ socketId: 1, code: 1001, reason: "away" }]);
    expect(h.snapshot().context.lastClose).toEqual({ code: 1001, reason: "away", wasClean: false });
    h.clock.increment(60_000);
    expect(h.of("openSocket")).toEqual([]);
  });

  it("should ignore client.close while idle, closing or closed", () => {
    const h = start();
    h.send({ type: "client.close" });
    expect(h.snapshot().value).toBe("idle");
    h.send({ type: "client.connect" });
    h.send({ type: "transport.open", socketId: 1 });
    h.send({ type: "client.close" });
    h.send({ type: "client.close", code: 4000 });
    expect(h.of("closeSocket")).toEqual([{ socketId: 1, code: 1000, reason: "" }]);
    h.send({ type: "transport.close", socketId: 1, code: 1000, reason: "", wasClean: true });
    h.send({ type: "client.close" });
    expect(h.snapshot().value).toBe("closed");
  });

  it("should connect again from closed, with attempts reset", () => {
    const h = opened();
    h.send({ type: "client.close" });
    h.send({ type: "transport.close", socketId: 1, code: 1000, reason: "", wasClean: true });
    h.send({ type: "client.connect" });
    expect(h.snapshot().value).toBe("connecting");
    expect(h.of("openSocket")).toEqual([{ socketId: 2, attempt: 0 }]);
  });

  it("should terminate the old socket and connect a new one on client.connect while closing", () => {
    const h = opened();
    h.send({ type: "client.close" });
    h.send({ type: "client.connect" });
    expect(h.snapshot().value).toBe("connecting");
    expect(h.of("terminateSocket")).toEqual([{ socketId: 1, code: 1000, reason: "" }]);
    expect(h.of("openSocket")).toEqual([{ socketId: 2, attempt: 0 }]);
    // The old socket's late close must not disturb the new attempt.
    h.send({ type: "transport.close", socketId: 1, code: 1000, reason: "", wasClean: true });
    expect(h.snapshot().value).toBe("connecting");
    h.send({ type: "transport.open", socketId: 2 });
    expect(h.snapshot().value).toEqual({ open: "idle" });
  });
});

describe("connectionMachine: reconnecting, closed and failed", () => {
  it("should connect at once on client.connect while waiting", () => {
    const h = opened();
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    h.send({ type: "client.connect" });
    expect(h.snapshot().value).toBe("connecting");
    expect(h.of("openSocket")).toEqual([{ socketId: 2, attempt: 1 }]);
    h.clock.increment(100);
    expect(h.of("openSocket")).toHaveLength(1);
  });

  it("should stop retrying on client.close while waiting", () => {
    const h = opened();
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    h.send({ type: "client.close" });
    expect(h.snapshot().value).toBe("closed");
    h.clock.increment(60_000);
    expect(h.of("openSocket")).toEqual([]);
  });

  it("should connect again from failed, with attempts and failure reset", () => {
    const h = opened();
    h.send({ type: "transport.close", socketId: 1, code: 1002, reason: "", wasClean: true });
    expect(h.snapshot().value).toBe("failed");
    h.send({ type: "client.connect" });
    expect(h.snapshot().value).toBe("connecting");
    expect(h.snapshot().context.failure).toBeUndefined();
    expect(h.of("openSocket")).toEqual([{ socketId: 2, attempt: 0 }]);
  });
});

describe("connectionMachine: network", () => {
  it("should drop an open link when offline and reconnect at once when online", () => {
    const h = opened();
    h.send({ type: "network.offline" });
    expect(h.snapshot().value).toEqual({ reconnecting: "offline" });
    expect(h.snapshot().context.online).toBe(false);
    expect(h.of("terminateSocket")).toEqual([{ socketId: 1, code: 4903, reason: "offline" }]);
    h.clock.increment(3_600_000);
    expect(h.of("openSocket")).toEqual([]);
    expect(h.of("sendPing")).toEqual([]);
    h.send({ type: "network.online" });
    expect(h.snapshot().value).toBe("connecting");
    expect(h.snapshot().context.online).toBe(true);
    expect(h.of("openSocket")).toEqual([{ socketId: 2, attempt: 0 }]);
  });

  it("should abandon a connecting socket when offline", () => {
    const h = start();
    h.send({ type: "client.connect" });
    h.send({ type: "network.offline" });
    expect(h.snapshot().value).toEqual({ reconnecting: "offline" });
    expect(h.of("terminateSocket")).toEqual([{ socketId: 1, code: 4903, reason: "offline" }]);
    h.clock.increment(60_000);
    expect(h.of("openSocket")).toHaveLength(1);
  });

  it("should cancel the pending retry when offline while waiting", () => {
    const h = opened();
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "", wasClean: false });
    h.send({ type: "network.offline" });
    expect(h.snapshot().value).toEqual({ reconnecting: "offline" });
    expect(h.snapshot().context.retryDelayMs).toBeUndefined();
    h.clock.increment(60_000);
    expect(h.of("openSocket")).toEqual([]);
    h.send({ type: "network.online" });
    expect(h.of("openSocket")).toEqual([{ socketId: 2, attempt: 1 }]);
  });

  it("should wait for online, not back off, when an attempt made while offline fails", () => {
    const h = start();
    h.send({ type: "network.offline" });
    h.send({ type: "client.connect" });
    expect(h.of("openSocket")).toEqual([{ socketId: 1, attempt: 0 }]);
    h.send({ type: "transport.error", socketId: 1, code: ErrorCode.Transport, message: "net::ERR_INTERNET_DISCONNECTED" });
    expect(h.snapshot().value).toEqual({ reconnecting: "offline" });
    expect(h.snapshot().context.retryDelayMs).toBeUndefined();
    h.clock.increment(3_600_000);
    expect(h.of("openSocket")).toHaveLength(1);
    h.send({ type: "network.online" });
    expect(h.snapshot().value).toBe("connecting");
    expect(h.of("openSocket")).toHaveLength(2);
  });

  it("should still end in failed or closed while offline when the close says so", () => {
    const h = start();
    h.send({ type: "network.offline" });
    h.send({ type: "client.connect" });
    h.send({ type: "transport.open", socketId: 1 });
    h.send({ type: "transport.close", socketId: 1, code: 4401, reason: "bad token", wasClean: true });
    expect(h.snapshot().value).toBe("failed");
  });

  it("should only record the network state while idle or closed", () => {
    const h = start();
    h.send({ type: "network.offline" });
    expect(h.snapshot().value).toBe("idle");
    expect(h.snapshot().context.online).toBe(false);
    h.send({ type: "network.online" });
    expect(h.snapshot().context.online).toBe(true);
    expect(h.actions).toEqual([]);
  });
});
