/**
 * Limits the decoding and encoding halves of the wire runtime share.
 *
 * @module
 */

/**
 * Maximum message nesting depth: `decode` throws DecodeError beyond it, and
 * `encode` throws EncodeError rather than write what `decode` would refuse.
 */
export const MAX_DEPTH = 100;
