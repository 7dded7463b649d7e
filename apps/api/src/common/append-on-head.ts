import {
  Chained,
  chainEvents,
  GENESIS_HASH,
  HashableEvent,
  nextPreviousHash,
} from '@journey/events';
import { ExpectedRevision, RecordedEvent } from '@journey/event-store';

/** A stream's last event as an append needs it: its revision and its link of the hash chain. */
export interface ChainHead {
  readonly revision: bigint;
  readonly hash: string;
}

/** The head of a stream from its last recorded event (undefined or null: no stream). */
export function headOf(last: RecordedEvent | null | undefined): ChainHead | undefined {
  return last ? { revision: last.revision, hash: nextPreviousHash(last) } : undefined;
}

/**
 * What every writer sends to a stream it believes is at `head`: the events chained on the head's
 * hash (hash-chain.ts), expecting the head's revision, so that the store refuses the append if
 * another writer moved the stream meanwhile (their links would be computed on a stale hash).
 */
export function appendOnHead<T extends HashableEvent>(
  head: ChainHead | undefined,
  events: readonly T[],
): { readonly expected: ExpectedRevision; readonly events: Chained<T>[] } {
  return {
    expected: head ? head.revision : 'no_stream',
    events: chainEvents(head ? head.hash : GENESIS_HASH, events),
  };
}
