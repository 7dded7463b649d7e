/** A stream's last event as this process saw it: its revision and its link of the hash chain. */
export interface StreamHead {
  readonly revision: bigint;
  readonly hash: string;
}

/**
 * The last head this process saw for each stream: the guess for the next append's expected
 * revision and the previous hash its events chain on. A wrong guess costs nothing but a retry, as
 * the store refuses an append at the wrong revision; a right one saves reading the head first.
 * Bounded, least recently used first out.
 */
export class StreamHeadCache {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly capacity = 100_000) {}

  get(stream: string): StreamHead | undefined {
    const head = this.heads.get(stream);
    if (head !== undefined) {
      this.heads.delete(stream);
      this.heads.set(stream, head);
    }
    return head;
  }

  set(stream: string, head: StreamHead): void {
    this.heads.delete(stream);
    this.heads.set(stream, head);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }

  /** Forgets a stream whose head is not known for sure (its next append reads it). */
  forget(stream: string): void {
    this.heads.delete(stream);
  }
}
