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
export type { RequestId, RxwireErrorOptions, SourceLocation } from "./errors.js";
export { ErrorCode, RxwireError, DecodeError, EncodeError, isRxwireError, isDecodeError } from "./errors.js";
export { CodegenError } from "./errors.js";
export { createClient } from "./client.js";
export type { Client, RequestOptions } from "./client.js";
export type { ConnectionSnapshot } from "./connection-state.js";
export type { ClientOptions, HeartbeatOptions, UrlSource } from "./client-options.js";
export type { Transport, TransportErrorInfo, TransportFactory, TransportHandlers } from "./transport.js";
export { createWebSocketTransportFactory } from "./transport-websocket.js";
export type { WebSocketConstructor, WebSocketLike } from "./transport-websocket.js";
export {
  CallbackError,
  ClosedError,
  ConnectTimeoutError,
  DisposedError,
  HandshakeRejectedError,
  HeartbeatTimeoutError,
  InvalidUrlError,
  MessageTooLargeError,
  NotOpenError,
  OutboxFullError,
  RequestTimeoutError,
  TimerLoopError,
  TransportError,
  UnexpectedTextFrameError,
} from "./errors.js";
export type {
  CloseInfo,
  ReconnectPolicy,
  HeartbeatPolicy,
  ConnectionMachineInput,
  ConnectionEvent,
  ConnectionAction,
  ConnectionContext,
  OpenSocketParams,
  CloseSocketParams,
  SocketParams,
  ReportErrorParams,
} from "./machine.js";
export { connectionMachine } from "./machine.js";
export type { CloseClassification } from "./close-codes.js";
export { CloseCode, classifyClose } from "./close-codes.js";
export { reconnectDelay, defaultReconnectPolicy } from "./backoff.js";
export type { ConnectionStatus, ConnectionState } from "./connection-state.js";
export { toConnectionState } from "./connection-state.js";
export type { MachineRunner, MachineRunnerOptions, MachineAction, RunnerSubscription } from "./machine-runner.js";
export { createMachineRunner } from "./machine-runner.js";
export type { Statechart, StatechartEdge } from "./statechart.js";
export { describeMachine, toMermaid } from "./statechart.js";
