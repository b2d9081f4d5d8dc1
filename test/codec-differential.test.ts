/**
 * Differential property tests: random messages of the fixture and shipped
 * schemas, encoded by rxwire's generated code, decode identically with
 * protobufjs reflection, and the other way round; in every --int64 mode.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type protobuf from "protobufjs";
import type { MessageCodec } from "../src/codec.js";
import type { Int64Mode } from "../src/codegen/scalars.js";
import * as kitchenBigint from "./fixtures/generated/bigint/kitchen_pb.js";
import * as kitchenNumber from "./fixtures/generated/number/kitchen_pb.js";
import * as kitchenString from "./fixtures/generated/string/kitchen_pb.js";
import * as chat from "../generated/chat_pb.js";
import * as switches from "../generated/switches_pb.js";
import * as ticker from "../generated/ticker_pb.js";
import { fromPbjs, loadReflection, messageArb, toPbjs, TO_OBJECT, type Plain } from "./fixtures/oracle.js";

const KITCHEN_TYPES = ["Scalars", "Repeated", "Maps", "Outer", "WellKnown", "BigTags", "Jstype"] as const;
const kitchenRoot = loadReflection("fixtures", ["kitchen.proto"]);
const shippedRoot = loadReflection("proto", ["chat.proto", "switches.proto", "ticker.proto"]);

type AnyCodec = MessageCodec<Plain>;

function checkBothWays(type: protobuf.Type, codec: AnyCodec, mode: Int64Mode, numRuns: number): void {
  fc.assert(
    fc.property(messageArb(type, mode), (message) => {
      // rxwire → rxwire
      const ours = codec.encode(message);
      expect(codec.decode(ours)).toEqual(message);
      // rxwire → protobufjs
      const theirs = type.toObject(type.decode(ours), TO_OBJECT);
      expect(fromPbjs(type, theirs, mode)).toEqual(message);
      // protobufjs → rxwire
      const pbjsBytes = type.encode(type.fromObject(toPbjs(type, message))).finish();
      expect(codec.decode(pbjsBytes)).toEqual(message);
    }),
    { numRuns },
  );
}

const kitchens: [Int64Mode, Record<string, unknown>, number][] = [
  ["bigint", kitchenBigint, 200],
  ["number", kitchenNumber, 60],
  ["string", kitchenString, 60],
];

describe("generated codecs agree with protobufjs reflection", () => {
  for (const [mode, module, numRuns] of kitchens) {
    for (const name of KITCHEN_TYPES) {
      it(`should round-trip test.kitchen.${name} both ways (--int64 ${mode})`, () => {
        checkBothWays(kitchenRoot.lookupType(`test.kitchen.${name}`), module[name] as AnyCodec, mode, numRuns);
      });
    }
  }

  const shipped: [string, AnyCodec][] = [
    ["chat.Envelope", chat.Envelope as unknown as AnyCodec],
    ["switches.Envelope", switches.Envelope as unknown as AnyCodec],
    ["ticker.Envelope", ticker.Envelope as unknown as AnyCodec],
  ];
  for (const [name, codec] of shipped) {
    it(`should round-trip ${name} both ways`, () => {
      checkBothWays(shippedRoot.lookupType(name), codec, "bigint", 200);
    });
  }
});
