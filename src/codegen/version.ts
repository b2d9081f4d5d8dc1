/**
 * The rxwire-gen version stamped into generated headers. Kept equal to
 * package.json's version (a test checks it) so output does not depend on
 * where the generator is run from.
 *
 * @module
 */

/** Version of rxwire-gen, as written in generated file headers. */
export const GENERATOR_VERSION = "0.1.0";
