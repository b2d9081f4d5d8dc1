/**
 * Type-level tests of generated code: oneof narrowing, the Cases maps, codec
 * types and the int64 representations. Checked by tsc (and vitest typecheck).
 */
import { describe, expectTypeOf, it } from "vitest";
import type { CaseName, CasesOf, EnvelopeCodec, MessageCodec } from "../src/codec.js";
import { Envelope as TickerEnvelope, Tick, type EnvelopeCases as TickerCases } from "../generated/ticker_pb.js";
import { Envelope as ChatEnvelope, ChatMessage } from "../generated/chat_pb.js";
import { Ping, type Error as ControlError } from "../generated/rxwire/control_pb.js";
import type { Timestamp } from "../generated/google/protobuf/timestamp_pb.js";
import * as num from "./fixtures/generated/number/kitchen_pb.js";
import * as str from "./fixtures/generated/string/kitchen_pb.js";
import * as big from "./fixtures/generated/bigint/kitchen_pb.js";

describe("generated types", () => {
  it("should narrow a oneof by switching on case", () => {
    const m = TickerEnvelope.decode(new Uint8Array(0));
    switch (m.payload?.case) {
      case "tick":
        expectTypeOf(m.payload.value).toEqualTypeOf<Tick>();
        break;
      case "error":
        expectTypeOf(m.payload.value).toEqualTypeOf<ControlError>();
        break;
      case "ping":
        expectTypeOf(m.payload.value).toEqualTypeOf<Ping>();
        break;
      case undefined:
        expectTypeOf(m.payload).toEqualTypeOf<undefined>();
        break;
    }
    // @ts-expect-error "chat" is not a case of the ticker envelope
    if (m.payload?.case === "chat") return;
  });

  it("should make <Name>Cases agree with CasesOf<Name>", () => {
    expectTypeOf<TickerCases>().toEqualTypeOf<CasesOf<TickerEnvelope>>();
    expectTypeOf<CaseName<ChatEnvelope>>().toEqualTypeOf<"ping" | "pong" | "ack" | "error" | "message">();
    expectTypeOf<CasesOf<ChatEnvelope>["message"]>().toEqualTypeOf<ChatMessage>();
  });

  it("should type codecs with MessageCodec / EnvelopeCodec and oneofCases", () => {
    expectTypeOf(Tick).toEqualTypeOf<MessageCodec<Tick>>();
    expectTypeOf(TickerEnvelope).toEqualTypeOf<EnvelopeCodec<TickerEnvelope>>();
    expectTypeOf(TickerEnvelope.oneofCases.tick).toEqualTypeOf<string>();
    // @ts-expect-error Tick has no oneofs, so its codec has no oneofCases
    void Tick.oneofCases;
    expectTypeOf(Tick.create).parameter(0).toEqualTypeOf<Partial<Tick> | undefined>();
  });

  it("should use lowerCamelCase fields with the declared representations", () => {
    expectTypeOf<Ping["sentAtMs"]>().toEqualTypeOf<bigint>();
    expectTypeOf<ChatMessage["sentAt"]>().toEqualTypeOf<Timestamp | undefined>();
    expectTypeOf<ChatMessage["attrs"]>().toEqualTypeOf<{ [key: string]: string }>();
    expectTypeOf<ChatMessage["tags"]>().toEqualTypeOf<string[]>();
    expectTypeOf<num.Scalars["fUint64"]>().toEqualTypeOf<number>();
    expectTypeOf<str.Scalars["fSfixed64"]>().toEqualTypeOf<string>();
    expectTypeOf<big.Scalars["fBytes"]>().toEqualTypeOf<Uint8Array>();
    expectTypeOf<big.Outer["maybeInt"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<big.Scalars["fColor"]>().toEqualTypeOf<big.Color>();
    // @ts-expect-error snake_case names do not exist
    void ({} as Ping).sent_at_ms;
  });

  it("should reject a payload whose value does not match its case", () => {
    // @ts-expect-error a Ping is not a Tick
    const bad: TickerEnvelope = { seq: 0n, id: 0n, payload: { case: "tick", value: Ping.create() } };
    void bad;
  });
});
