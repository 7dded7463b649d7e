import { ChainHead } from '../common/append-on-head';
import { BoundedCache } from '../common/bounded-cache';

/**
 * The last head this process saw for each stream: the guess for the next append's expected
 * revision and the previous hash its events chain on. A wrong guess costs nothing but a retry, as
 * the store refuses an append at the wrong revision; a right one saves reading the head first.
 * Bounded, least recently used first out.
 */
export class StreamHeadCache extends BoundedCache<ChainHead> {
  constructor(capacity = 100_000) {
    super(capacity);
  }

  /** Forgets a stream whose head is not known for sure (its next append reads it). */
  forget(stream: string): void {
    this.delete(stream);
  }
}
