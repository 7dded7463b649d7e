import { BoundedCache } from '../common/bounded-cache';

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
export class StreamHeadCache extends BoundedCache<StreamHead> {
  constructor(capacity = 100_000) {
    super(capacity);
  }

  /** Forgets a stream whose head is not known for sure (its next append reads it). */
  forget(stream: string): void {
    this.delete(stream);
  }
}
