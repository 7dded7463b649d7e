import {
  comparePositions,
  EventStore,
  parsePosition,
  Position,
  RecordedEvent,
} from '@journey/event-store';

/**
 * Where the next page of a customer's history starts: the next revision of each stream (streams
 * not named start at 0, so a link made between two pages loses nothing), or, from clients of the
 * first format, the global position of the last event seen.
 *
 * Revisions, not a position, because the streams of one customer are written by separate
 * transactions: an event of one stream can become visible after a later-positioned event of
 * another was paged past. Every stream's own revisions only grow, so this cursor never skips or
 * repeats an event; a page stays in global order within itself.
 */
export type HistoryCursor =
  { readonly revisions: ReadonlyMap<string, bigint> } | { readonly after: Position };

const REVISIONS_PREFIX = 'r.';

export function formatHistoryCursor(revisions: ReadonlyMap<string, bigint>): string {
  const json = JSON.stringify(Object.fromEntries([...revisions].map(([s, r]) => [s, Number(r)])));
  return REVISIONS_PREFIX + Buffer.from(json, 'utf8').toString('base64url');
}

/** Throws on anything this API did not return. */
export function parseHistoryCursor(text: string): HistoryCursor {
  if (!text.startsWith(REVISIONS_PREFIX)) return { after: parsePosition(text) };
  const parsed: unknown = JSON.parse(
    Buffer.from(text.slice(REVISIONS_PREFIX.length), 'base64url').toString('utf8'),
  );
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('Not a cursor');
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (!entries.every(([, r]) => Number.isSafeInteger(r) && (r as number) >= 0))
    throw new Error('Not a cursor');
  return { revisions: new Map(entries.map(([s, r]) => [s, BigInt(r as number)])) };
}

export interface HistoryPage {
  readonly events: RecordedEvent[];
  /** Where the next page starts (formatHistoryCursor for a client); null on the last page. */
  readonly next: { readonly revisions: ReadonlyMap<string, bigint> } | null;
}

/**
 * One page of these streams' events in global order, reading at most `limit + 1` events per
 * stream from the store (and, for a position cursor, a binary search of single-event reads), so a
 * page costs the same at the start and the end of a long history.
 */
export async function readHistoryPage(
  store: EventStore,
  streams: readonly string[],
  cursor: HistoryCursor | null,
  limit: number,
): Promise<HistoryPage> {
  const starts = await Promise.all(streams.map((s) => startOf(store, s, cursor)));
  const read = await Promise.all(
    streams.map((s, i) => store.readStream(s, { fromRevision: starts[i], maxCount: limit + 1 })),
  );
  const merged = read.flat().sort((a, b) => comparePositions(a.position, b.position));
  const events = merged.slice(0, limit);
  if (merged.length <= limit) return { events, next: null };
  const revisions = new Map(streams.map((s, i) => [s, starts[i]]));
  for (const e of events) revisions.set(e.stream, e.revision + 1n);
  return { events, next: { revisions } };
}

async function startOf(
  store: EventStore,
  stream: string,
  cursor: HistoryCursor | null,
): Promise<bigint> {
  if (!cursor) return 0n;
  if ('revisions' in cursor) return cursor.revisions.get(stream) ?? 0n;
  return firstRevisionAfter(store, stream, cursor.after);
}

/**
 * The first revision of the stream positioned after `after` (the stream's length when none):
 * a binary search, valid because a stream's positions rise with its revisions (the stores refuse
 * an append that would reorder them).
 */
export async function firstRevisionAfter(
  store: EventStore,
  stream: string,
  after: Position,
): Promise<bigint> {
  const [last] = await store.readStream(stream, { backwards: true, maxCount: 1 });
  if (!last) return 0n;
  if (comparePositions(last.position, after) <= 0) return last.revision + 1n;
  let lo = 0n;
  let hi = last.revision;
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    const [e] = await store.readStream(stream, { fromRevision: mid, maxCount: 1 });
    if (comparePositions(e.position, after) > 0) hi = mid;
    else lo = mid + 1n;
  }
  return lo;
}
