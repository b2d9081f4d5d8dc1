#!/usr/bin/env node
/**
 * The `rxwire-gen` executable: argv and exit code only; see `run.ts`.
 *
 * @module
 */
import { runCli } from "./run.js";

process.exitCode = runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
