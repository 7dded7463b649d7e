import { AppendResult, EventToAppend, RecordedEvent } from '../event-store.port';
import { Position } from '../position';

/** Events with these (lower-cased) ids are already in the stream, with their revision/position. */
export interface KnownEvent {
  readonly id: string;
  readonly revision: bigint;
  readonly position: Position;
}

export interface SplitAppend {
  /** Events already in the stream, as recorded, in the order of the append. */
  readonly duplicates: KnownEvent[];
  /** Events still to append, in the order of the append. */
  readonly fresh: EventToAppend[];
}

export function splitByKnownIds(
  events: readonly EventToAppend[],
  known: ReadonlyMap<string, KnownEvent>,
): SplitAppend {
  const duplicates: KnownEvent[] = [];
  const fresh: EventToAppend[] = [];
  for (const event of events) {
    const original = known.get(event.id.toLowerCase());
    if (original) duplicates.push(original);
    else fresh.push(event);
  }
  return { duplicates, fresh };
}

/** A pure retry: report the last of the original events (highest revision). */
export function duplicateResult(duplicates: readonly KnownEvent[]): AppendResult {
  if (duplicates.length === 0) throw new RangeError('duplicateResult needs at least one event');
  const last = duplicates.reduce((a, b) => (b.revision > a.revision ? b : a));
  return {
    nextRevision: last.revision,
    position: last.position,
    duplicateIds: duplicates.map((d) => d.id),
  };
}

/** The ids of a stream's events at revisions 0 .. next-1. */
export interface StreamIds {
  next: bigint;
  readonly byId: Map<string, KnownEvent>;
}

/**
 * In-process cache of the event ids of recently appended-to streams, so that the idempotency check
 * of an append only reads the stream's events written since the last append (by anyone) instead of
 * the whole stream. Recorded events never change (this engine never deletes or truncates streams),
 * so a cached prefix stays valid; the cache only ever grows a stream's prefix contiguously.
 * Bounded by the total number of cached ids: least recently used streams are dropped first.
 */
export class StreamIdCache {
  private readonly streams = new Map<string, StreamIds>();
  private size = 0;

  constructor(private readonly maxEvents: number) {}

  /** The cached ids of a stream (empty when unknown), marked most recently used. */
  get(stream: string): StreamIds {
    let entry = this.streams.get(stream);
    if (entry) this.streams.delete(stream);
    else entry = { next: 0n, byId: new Map() };
    this.streams.set(stream, entry);
    return entry;
  }

  /** Adds events read forwards from `entry.next`; events out of sequence are ignored. */
  add(stream: string, entry: StreamIds, events: readonly RecordedEvent[]): void {
    const tracked = this.streams.get(stream) === entry;
    for (const e of events) {
      if (e.revision !== entry.next) continue;
      entry.byId.set(e.id.toLowerCase(), { id: e.id, revision: e.revision, position: e.position });
      entry.next++;
      if (tracked) this.size++;
    }
    this.evict();
  }

  /** Forgets a stream (e.g. it was deleted outside this engine) and returns a fresh entry. */
  reset(stream: string): StreamIds {
    this.forget(stream);
    return this.get(stream);
  }

  /** Number of cached ids (for tests and metrics). */
  get cachedEvents(): number {
    return this.size;
  }

  private forget(stream: string): void {
    const entry = this.streams.get(stream);
    if (!entry) return;
    this.streams.delete(stream);
    this.size -= entry.byId.size;
  }

  private evict(): void {
    for (const stream of this.streams.keys()) {
      if (this.size <= this.maxEvents) return;
      this.forget(stream);
    }
  }
}
