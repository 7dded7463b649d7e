import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  ReadStreamOptions as ClientReadStreamOptions,
} from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../errors';
import { ReadAllOptions, RecordedEvent } from '../event-store.port';
import { inPartition } from '../partition';
import { START, comparePositions } from '../position';
import {
  ClientResolvedEvent,
  isAfter,
  isStreamNotFound,
  isVisible,
  normalizePrefixes,
  toClientReadPosition,
  toRecordedEvent,
  toStoreError,
} from './eventstoredb-mapping';

/** Reads on the client, shared by the adapter: they drain the client's streams into arrays. */

/** Drains a client read, translating its errors (StreamNotFound is left to the caller). */
export async function collect<T>(open: () => AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  try {
    for await (const item of open()) out.push(item);
  } catch (err) {
    throw toStoreError(err);
  }
  return out;
}

/** A stream's events, or null when the stream does not exist. */
export async function readStreamOrNull(
  client: EventStoreDBClient,
  stream: string,
  options: ClientReadStreamOptions,
): Promise<RecordedEvent[] | null> {
  try {
    const resolved = await collect<ClientResolvedEvent>(() => client.readStream(stream, options));
    return resolved.map(toRecordedEvent).filter((e): e is RecordedEvent => e !== null);
  } catch (err) {
    if (isStreamNotFound(err)) return null;
    throw err;
  }
}

/**
 * Reads $all forwards in pages, keeping events strictly after `fromPosition` (the server's read
 * includes the record at the start position) that are not system events and match the prefixes
 * and the partition. Both filters run on the client: @eventstore/db-client 6 has no filtered $all
 * read (and no server filter could compute the partition's hash anyway), so a partition's read
 * fetches every partition's events and drops the others'. `maxCount` defaults to `pageSize`, as
 * in the PostgreSQL adapter.
 */
export async function readAllPaged(
  client: EventStoreDBClient,
  options: ReadAllOptions,
  pageSize: number,
): Promise<RecordedEvent[]> {
  const limit = options.maxCount ?? pageSize;
  const prefixes = normalizePrefixes(options.streamPrefix);
  const partition = options.partition?.count === 1 ? undefined : options.partition;
  const out: RecordedEvent[] = [];
  let cursor = options.fromPosition ?? START;
  while (out.length < limit) {
    // Unfiltered: what is still wanted, +1 for the record at the cursor (read again, skipped).
    const wanted = prefixes === null && !partition ? limit - out.length + 1 : pageSize;
    const requested = Math.min(pageSize, wanted);
    const page = await collect<ClientResolvedEvent>(() =>
      client.readAll({
        fromPosition: toClientReadPosition(cursor),
        maxCount: requested,
        direction: FORWARDS,
      }),
    );
    let next = cursor;
    for (const resolved of page) {
      const event = toRecordedEvent(resolved);
      if (!event || !isAfter(event.position, next)) continue;
      next = event.position;
      if (isVisible(event, prefixes) && inPartition(event.stream, partition)) out.push(event);
      if (out.length >= limit) break;
    }
    if (page.length < requested || comparePositions(next, cursor) <= 0) break;
    cursor = next;
  }
  return out;
}

/** A cheap round trip: reads the last record of $all, failing after `timeoutMs`. */
export async function pingServer(client: EventStoreDBClient, timeoutMs: number): Promise<void> {
  const read = client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
  const timer = setTimeout(() => {
    void read.cancel().catch(() => undefined);
    read.destroy(
      new EventStoreUnavailableError(`EventStoreDB did not answer within ${timeoutMs} ms`),
    );
  }, timeoutMs);
  try {
    for await (const _record of read) {
      // One record (or none, on an empty store) proves the round trip.
    }
  } catch (err) {
    throw toStoreError(err);
  } finally {
    clearTimeout(timer);
  }
}
