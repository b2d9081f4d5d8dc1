/**
 * The contract between the idle-memory benchmark and one client library.
 *
 * @module
 */

/** One client library under test: opens one connection, resolves once it is open. */
export interface IdleClient {
  /** Preloads modules (so their code is not counted per connection). */
  prepare(): Promise<void>;
  /** Opens one connection and resolves with a handle that keeps it alive. */
  open(url: string): Promise<unknown>;
}
