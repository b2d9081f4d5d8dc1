/**
 * rxwire/testing as an app developer uses it: the fake transport and the test
 * clock must behave like the real transport and real timers, or an app's tests
 * pass against behaviour production never shows.
 */
import { describe, expect, it } from "vitest";
import { createClient } from "../src/client.js";
import { ErrorCode, HandshakeRejectedError, MessageTooLargeError, type RxwireError } from "../src/errors.js";
import { createFakeTransport, TestClock } from "../src/testing/index.js";
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
