/**
 * Strict command-line parsing for rxwire-gen. Unknown options and bad values
 * are CodegenErrors, never silently ignored.
 *
 * @module
 */
import { CodegenError } from "../errors.js";
import { DEFAULT_RUNTIME } from "./generate.js";
import type { Int64Mode } from "./scalars.js";

/** Parsed command line. */
export interface CliOptions {
  /** Output directory. @default "generated" */
  out: string;
  /** 64-bit integer representation. @default "bigint" */
  int64: Int64Mode;
  /** Runtime module specifier. @default "rxwire/wire" */
  runtime: string;
  /** Compare with `out` instead of writing. */
  check: boolean;
  /** Extra import search folders (`-I`, `--proto-path`). */
  protoPaths: string[];
  /** .proto files and folders to generate. */
  inputs: string[];
  /** `--help` was given. */
  help: boolean;
  /** `--version` was given. */
  version: boolean;
}

/** Usage text printed by `--help` and after option errors. */
export const USAGE = `Usage: rxwire-gen [options] <.proto files or folders>

Options:
  --out DIR                     output folder (default: generated)
  --int64 bigint|number|string  representation of int64-family fields (default: bigint;
                                a field's [jstype = JS_NUMBER | JS_STRING] option overrides it)
  --runtime SPECIFIER           module generated code imports its runtime from (default: ${DEFAULT_RUNTIME});
                                a relative specifier is relative to the output folder
  -I, --proto-path DIR          extra folder to search for imports (repeatable)
  --check                       do not write; exit 1 with a summary when the output folder is stale
  --help, --version
`;

/** Parses `args` (without node and script). */
export function parseCliArgs(args: readonly string[]): CliOptions {
  const options: CliOptions = {
    out: "generated",
    int64: "bigint",
    runtime: DEFAULT_RUNTIME,
    check: false,
    protoPaths: [],
    inputs: [],
    help: false,
    version: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq >= 0) return arg.slice(eq + 1);
      const next = args[++i];
      // `--out --check proto` must not write into a folder named "--check" instead of checking.
      if (next === undefined || next.startsWith("-")) throw new CodegenError(`option ${name} needs a value (use ${name}=VALUE for one that starts with "-")`);
      return next;
    };
    const flag = (): true => {
      if (eq >= 0) throw new CodegenError(`option ${name} takes no value (got "${arg.slice(eq + 1)}")`);
      return true;
    };
    switch (name) {
      case "--out":
        options.out = value();
        // "" would be the working folder itself: its whole tree would count as output.
        if (options.out === "") throw new CodegenError("--out must not be empty");
        break;
      case "--int64": {
        const mode = value();
        if (mode !== "bigint" && mode !== "number" && mode !== "string") {
          throw new CodegenError(`--int64 must be bigint, number or string (got "${mode}")`);
        }
        options.int64 = mode;
        break;
      }
      case "--runtime":
        options.runtime = value();
        if (options.runtime === "") throw new CodegenError("--runtime must not be empty");
        break;
      case "-I":
      case "--proto-path": {
        const dir = value();
        if (dir === "") throw new CodegenError(`${name} must not be empty`);
        options.protoPaths.push(dir);
        break;
      }
      case "--check":
        options.check = flag();
        break;
      case "--help":
      case "-h":
        options.help = flag();
        break;
      case "--version":
        options.version = flag();
        break;
      default:
        if (arg.startsWith("-")) throw new CodegenError(`unknown option ${name}`);
        options.inputs.push(arg);
    }
  }
  if (!options.help && !options.version && options.inputs.length === 0) {
    throw new CodegenError("no .proto files or folders given");
  }
  return options;
}
