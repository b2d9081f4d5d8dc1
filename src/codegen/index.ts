/**
 * rxwire-gen as a library: the pure {@link generate} entry point (used by the
 * CLI and the tests) and {@link runCli} for embedding the command line.
 * Not part of the runtime import graph; only this folder imports the full
 * protobufjs parser.
 *
 * @module
 */
export { generate, DEFAULT_RUNTIME } from "./generate.js";
export type { GenerateOptions, GeneratedFile } from "./generate.js";
export type { ProtoResolver } from "./load.js";
export type { Int64Mode } from "./scalars.js";
export { runCli } from "./run.js";
export type { CliIo } from "./run.js";
export { GENERATOR_VERSION } from "./version.js";
