/**
 * The bounded FIFO of messages sent while the connection was not open. Each
 * entry keeps the message (to report it back as unsent on dispose) and its
 * bytes (encoded at `send()` time, so encoding errors surface to the caller
 * rather than at some later flush).
 *
 * @module
 */

/** A bounded first-in-first-out queue of `[message, bytes]` pairs. */
export class Outbox<TMessage> {
  /** Ring storage, allocated on first use so idle clients pay nothing. */
  private messages: TMessage[] | undefined;
  private frames: Uint8Array[] | undefined;
  private head = 0;
  private count = 0;

  /** @param limit - the capacity; 0 disables queueing. */
  constructor(readonly limit: number) {}

  /** Number of queued messages. */
  get size(): number {
    return this.count;
  }

  /** Appends one entry; returns false (and queues nothing) when full. */
  push(message: TMessage, bytes: Uint8Array): boolean {
    if (this.count >= this.limit) return false;
    if (this.messages === undefined || this.frames === undefined) {
      this.messages = [];
      this.frames = [];
    }
    const slot = (this.head + this.count) % this.limit;
    this.messages[slot] = message;
    this.frames[slot] = bytes;
    this.count++;
    return true;
  }

  /** Bytes of the oldest entry, without removing it; `undefined` when empty. */
  peekBytes(): Uint8Array | undefined {
    return this.count === 0 ? undefined : this.frames?.[this.head];
  }

  /** Removes the oldest entry. */
  dropOldest(): void {
    if (this.count === 0 || this.messages === undefined || this.frames === undefined) return;
    // Clear the slots so sent payloads can be collected.
    this.messages[this.head] = undefined as TMessage;
    this.frames[this.head] = undefined as unknown as Uint8Array;
    this.head = (this.head + 1) % this.limit;
    this.count--;
    if (this.count === 0) this.clear();
  }

  /**
   * Withdraws the entry whose bytes are `bytes` (compared by identity: each
   * `send()` encodes into its own buffer), keeping the order of the others.
   * Returns false when it is not queued (already sent, or never queued).
   */
  remove(bytes: Uint8Array): boolean {
    const messages = this.messages;
    const frames = this.frames;
    if (messages === undefined || frames === undefined) return false;
    for (let i = 0; i < this.count; i++) {
      if (frames[(this.head + i) % this.limit] !== bytes) continue;
      for (let j = i; j < this.count - 1; j++) {
        const to = (this.head + j) % this.limit;
        const from = (to + 1) % this.limit;
        messages[to] = messages[from] as TMessage;
        frames[to] = frames[from] as Uint8Array;
      }
      const last = (this.head + this.count - 1) % this.limit;
      messages[last] = undefined as TMessage;
      frames[last] = undefined as unknown as Uint8Array;
      this.count--;
      if (this.count === 0) this.clear();
      return true;
    }
    return false;
  }

  /** Empties the queue and returns its messages, oldest first. */
  drain(): TMessage[] {
    const drained: TMessage[] = [];
    const messages = this.messages;
    if (messages !== undefined) {
      for (let i = 0; i < this.count; i++) drained.push(messages[(this.head + i) % this.limit] as TMessage);
    }
    this.clear();
    return drained;
  }

  private clear(): void {
    this.messages = undefined;
    this.frames = undefined;
    this.head = 0;
    this.count = 0;
  }
}
