/**
 * Shared 8-byte scratch for IEEE 754 conversions: a value goes through a
 * little-endian DataView over the scratch and its bytes are copied to or from
 * the message buffer, so no DataView is created per message and the host's
 * byte order does not matter.
 *
 * @module
 */

/** @internal The scratch bytes. */
export const floatBytes: Uint8Array = new Uint8Array(8);
/** @internal Little-endian accessor over {@link floatBytes}. */
export const floatView: DataView = new DataView(floatBytes.buffer);
