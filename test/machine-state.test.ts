import { afterEach, describe, expect, it } from "vitest";
import { statusOf, toConnectionState } from "../src/connection-state.js";
import { ErrorCode } from "../src/errors.js";
import { createHarness, type Harness } from "./machine-harness.js";

let harness: Harness | undefined;
afterEach(() => {
  harness?.stop();
  harness = undefined;
});

describe("toConnectionState", () => {
  it("should report idle with no history at first", () => {
    harness = createHarness();
    expect(toConnectionState(harness.snapshot())).toEqual({
      status: "idle",
      attempt: 0,
      retryDelayMs: undefined,
      lastClose: undefined,
      online: true,
    });
  });

  it("should map nested states to their top-level status", () => {
    const h = (harness = createHarness());
    h.send({ type: "client.connect" });
    expect(statusOf(h.snapshot())).toBe("connecting");
    h.send({ type: "transport.open", socketId: 1 });
    expect(statusOf(h.snapshot())).toBe("open");
    h.clock.increment(1_000);
    expect(h.snapshot().value).toEqual({ open: "probing" });
    expect(statusOf(h.snapshot())).toBe("open");
    h.send({ type: "client.close" });
    expect(statusOf(h.snapshot())).toBe("closing");
  });

  it("should expose the retry schedule while reconnecting", () => {
    const h = (harness = createHarness());
    h.clock.set(10_000);
    h.send({ type: "client.connect" });
    h.send({ type: "transport.close", socketId: 1, code: 1006, reason: "gone", wasClean: false });
    expect(toConnectionState(h.snapshot())).toEqual({
      status: "reconnecting",
      attempt: 1,
      retryDelayMs: 100,
      nextAttemptAt: 10_100,
      lastClose: { code: 1006, reason: "gone", wasClean: false },
      online: true,
    });
    h.send({ type: "network.offline" });
    expect(toConnectionState(h.snapshot())).toEqual({
      status: "reconnecting",
      attempt: 1,
      retryDelayMs: undefined,
      lastClose: { code: 1006, reason: "gone", wasClean: false },
      online: false,
    });
  });

  it("should carry the failure when failed", () => {
    const h = (harness = createHarness());
    h.send({ type: "client.connect" });
    h.send({ type: "transport.error", socketId: 1, code: ErrorCode.HandshakeRejected, message: "nope", status: 403 });
    const state = toConnectionState(h.snapshot());
    expect(state.status).toBe("failed");
    expect(state.failure).toEqual({ code: ErrorCode.HandshakeRejected, message: "nope" });
  });
});
