import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * Tamper evidence: every event carries in its metadata
 *
 *   hash = sha256_hex( utf8( previousHash || canonicalJson({type, data, metadata without hash}) ) )
 *
 * along its stream, where previousHash is the `hash` of the stream's previous event as 64
 * lowercase hex characters (GENESIS_HASH, 64 zeros, for the first event, and after an event that
 * has no hash) and `||` is string concatenation. Changing a stored event's type, data or metadata
 * breaks its own link; rewriting its hash as well breaks the next one.
 * Not covered: the event id, the revision and recordedAt (the store assigns them), and removing
 * a stream's last events (nothing follows to notice).
 */
export const GENESIS_HASH = '0'.repeat(64);

const HASH = /^[0-9a-f]{64}$/;

export interface HashableEvent {
  readonly type: string;
  readonly data: object;
  readonly metadata?: object;
}

/** The text an event's hash covers. */
export function hashedContent(e: HashableEvent): string {
  const { hash: _, ...metadata } = (e.metadata ?? {}) as Record<string, unknown>;
  return canonicalJson({ type: e.type, data: e.data, metadata });
}

export function eventHash(previousHash: string, e: HashableEvent): string {
  return createHash('sha256')
    .update(previousHash, 'utf8')
    .update(hashedContent(e), 'utf8')
    .digest('hex');
}

/** The hash an event carries, or null. */
export function storedHash(e: { readonly metadata?: object }): string | null {
  const h = (e.metadata as Record<string, unknown> | undefined)?.hash;
  return typeof h === 'string' && HASH.test(h) ? h : null;
}

/** The previousHash for whatever follows this event (the stream's head; undefined: no stream). */
export function nextPreviousHash(head: { readonly metadata?: object } | undefined | null): string {
  return (head && storedHash(head)) ?? GENESIS_HASH;
}

export type Chained<T extends HashableEvent> = Omit<T, 'metadata'> & {
  readonly metadata: NonNullable<T['metadata']> & { readonly hash: string };
};

/** Copies of the events with `metadata.hash` chained on from previousHash, in order. */
export function chainEvents<T extends HashableEvent>(
  previousHash: string,
  events: readonly T[],
): Chained<T>[] {
  let previous = previousHash;
  return events.map((e) => {
    const { hash: _, ...metadata } = (e.metadata ?? {}) as Record<string, unknown>;
    const hash = eventHash(previous, { type: e.type, data: e.data, metadata });
    previous = hash;
    return { ...e, metadata: { ...metadata, hash } } as unknown as Chained<T>;
  });
}

export type ChainBreakReason = 'missing_hash' | 'hash_mismatch' | 'revision_gap';

/** The first link of a stream that does not hold. */
export interface ChainBreak {
  readonly revision: string;
  readonly reason: ChainBreakReason;
  /** The hash the event should carry (for a gap: the revision expected). */
  readonly expected: string;
  /** What it carries (for a gap: the revision found). */
  readonly found: string | null;
}

/**
 * Checks one stream's events, fed in revision order from revision 0. Each event is checked
 * against its predecessor's stored hash, so one altered event is reported where it is, and
 * checking goes on past it (only the first break is kept).
 */
export class StreamChainVerifier {
  private previous = GENESIS_HASH;
  private expectedRevision = 0n;
  events = 0;
  firstBreak: ChainBreak | null = null;

  /** The stored hash of the last event seen: what an auditor can keep to anchor the stream. */
  get head(): string {
    return this.previous;
  }

  push(e: HashableEvent & { readonly revision: bigint | number }): void {
    const revision = BigInt(e.revision);
    this.events++;
    if (revision !== this.expectedRevision) {
      this.fail({
        revision: revision.toString(),
        reason: 'revision_gap',
        expected: this.expectedRevision.toString(),
        found: revision.toString(),
      });
    }
    this.expectedRevision = revision + 1n;
    const expected = eventHash(this.previous, e);
    const found = storedHash(e);
    if (found === null) {
      this.fail({ revision: revision.toString(), reason: 'missing_hash', expected, found: null });
    } else if (found !== expected) {
      this.fail({ revision: revision.toString(), reason: 'hash_mismatch', expected, found });
    }
    this.previous = found ?? GENESIS_HASH;
  }

  private fail(b: ChainBreak): void {
    if (!this.firstBreak) this.firstBreak = b;
  }
}
