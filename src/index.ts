/**
 * rxwire: a typed, observable WebSocket client.
 *
 * Public API only; every export is listed by name.
 *
 * @module
 */
export type { MessageCodec, EnvelopeCodec, OneofCase, CasesOf, CaseName } from "./codec.js";
export type { Clock } from "./clock.js";
export { systemClock } from "./clock.js";
export type { RxwireErrorOptions } from "./errors.js";
export { ErrorCode, RxwireError, DecodeError, EncodeError, isRxwireError, isDecodeError } from "./errors.js";
export type { Statechart, StatechartEdge } from "./statechart.js";
export { describeMachine, toMermaid } from "./statechart.js";
