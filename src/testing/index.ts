/**
 * `rxwire/testing`: drive a real client in your app's tests without a server.
 *
 * ```ts
 * const fake = createFakeTransport();
 * const clock = new TestClock();
 * const client = createClient({ url: "ws://test", codec: Envelope, transport: fake.factory, clock });
 * client.connect();
 * fake.open();
 * fake.receive(Envelope.encode({ ... }));
 * clock.advance(30_000); // heartbeats, timeouts and backoff run on this clock
 * ```
 *
 * @module
 */
export { createFakeTransport, FakeTransport, FakeSocket } from "./fake-transport.js";
export type { FakeTransportOptions, FakeSocketState } from "./fake-transport.js";
export { TestClock } from "./test-clock.js";
export { TimerLoopError } from "../errors.js";
export { SimulatedClock } from "xstate";
