import { ChainCheckpoint, storedHash } from '@journey/events';
import { RecordedEvent } from '@journey/event-store';

/** A stream that no longer has, at a checkpoint's head revision, the hash the checkpoint signed. */
export interface CheckpointBreak {
  readonly stream: string;
  readonly revision: number;
  readonly reason: 'head_changed' | 'head_missing';
  readonly expected: string;
  readonly found: string | null;
}

/**
 * Fed every event of the store (any order), tells which of a checkpoint's heads the store no
 * longer holds: a stream rewritten since (even with its chain recomputed so that it verifies
 * again), cut short, or removed.
 */
export class CheckpointMatch {
  private readonly expected = new Map<string, { revision: number; hash: string }>();
  private readonly seen = new Map<string, string | null>();

  constructor(checkpoint: ChainCheckpoint) {
    for (const [stream, revision, hash] of checkpoint.heads)
      this.expected.set(stream, { revision, hash });
  }

  push(e: RecordedEvent): void {
    const head = this.expected.get(e.stream);
    if (head && Number(e.revision) === head.revision) this.seen.set(e.stream, storedHash(e));
  }

  breaks(): CheckpointBreak[] {
    const out: CheckpointBreak[] = [];
    for (const [stream, { revision, hash }] of this.expected) {
      if (!this.seen.has(stream))
        out.push({ stream, revision, reason: 'head_missing', expected: hash, found: null });
      else if (this.seen.get(stream) !== hash)
        out.push({
          stream,
          revision,
          reason: 'head_changed',
          expected: hash,
          found: this.seen.get(stream) ?? null,
        });
    }
    return out.sort((a, b) => (a.stream < b.stream ? -1 : 1));
  }
}
