import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START as FIRST_REVISION,
} from '@eventstore/db-client';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  StreamAppendOutcome,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { appendEachStream } from '../append-each';
import { START } from '../position';
import { validateAppend, validateMultiAppend, validateReadAll } from '../validation';
import { toClientExpectedRevision, toEventData, toStoreError } from './eventstoredb-mapping';
import { pingServer, readAllPaged, readStreamOrNull } from './eventstoredb-reads';
import { EventStoreDbSubscription } from './eventstoredb-subscription';
import { StreamIdCache, StreamIds, duplicateResult, splitByKnownIds } from './stream-id-cache';

export interface EventStoreDbEventStoreOptions {
  /** Default `maxCount` of readAll, and the number of $all records fetched per round trip. */
  readonly pageSize?: number;
  /** Upper bound of event ids kept by the idempotency cache (see StreamIdCache). */
  readonly idCacheMaxEvents?: number;
  /** Time allowed to `ping()` (ms). */
  readonly pingTimeoutMs?: number;
  /** First and maximum delay before a dropped subscription resubscribes (ms). */
  readonly subscriptionFirstRetryMs?: number;
  readonly subscriptionMaxRetryMs?: number;
}

/**
 * The port on EventStoreDB through its gRPC client. Events are JSON events; positions are $all's
 * (commit, prepare) pairs; `fromPosition` is exclusive, as in the port; system events ($-prefixed
 * streams or types) are never returned by readAll or subscriptions.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly pageSize: number;
  private readonly pingTimeoutMs: number;
  private readonly ids: StreamIdCache;
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EventStoreDbEventStoreOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 2000;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 5000;
    this.ids = new StreamIdCache(options.idCacheMaxEvents ?? 100_000);
  }

  /**
   * Idempotency by event id, as the contract requires: ids already in the stream are not stored
   * again, a pure retry reports the original events, and in a mixed batch only the new events are
   * appended (the expected revision applies to them). The stream's ids are read before appending
   * (only the events written since the last check, thanks to the cache). That check is NOT atomic
   * with the append: two appends of the same new ids at the same moment may both pass it. An exact
   * retry is still covered by EventStoreDB's own idempotency (the same ids at the same place in the
   * stream are acknowledged without being written again), and with an exact or no_stream
   * expectedRevision the loser of such a race gets a concurrency conflict.
   */
  async appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    validateAppend(stream, events);
    const expected = options.expectedRevision ?? 'any';
    const expectedRevision = toClientExpectedRevision(expected);
    const { duplicates, fresh } = splitByKnownIds(events, (await this.knownIds(stream)).byId);
    if (fresh.length === 0) return duplicateResult(duplicates);

    let written;
    try {
      written = await this.client.appendToStream(stream, fresh.map(toEventData), {
        expectedRevision,
      });
    } catch (err) {
      throw toStoreError(err, stream, expected);
    }
    // Read the new events back, so the position is exactly the one readers report. Should that
    // read fail, the append still succeeded: fall back to the position the server returned.
    const lastId = fresh[fresh.length - 1].id.toLowerCase();
    const last = await this.knownIds(stream).then(
      (ids) => ids.byId.get(lastId),
      () => undefined,
    );
    return {
      nextRevision: written.nextExpectedRevision,
      position: last?.position ?? written.position ?? START,
      duplicateIds: duplicates.map((d) => d.id),
    };
  }

  /** EventStoreDB has no multi-stream transaction: each stream is appended on its own. */
  async appendToStreams(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    validateMultiAppend(appends);
    return appendEachStream(this, appends);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const backwards = options.backwards ?? false;
    const events = await readStreamOrNull(this.client, stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : FIRST_REVISION),
      maxCount: options.maxCount,
    });
    return events ?? [];
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    validateReadAll(options);
    return readAllPaged(this.client, options, this.pageSize);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    validateReadAll(options);
    const subscription: Subscription = new EventStoreDbSubscription(this.client, {
      ...options,
      firstRetryMs: this.options.subscriptionFirstRetryMs,
      maxRetryMs: this.options.subscriptionMaxRetryMs,
      onClose: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    await pingServer(this.client, this.pingTimeoutMs);
  }

  /** Closes open subscriptions first, so none tries to resubscribe on the disposed client. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  /** The stream's ids, brought up to date by reading the events appended since the last check. */
  private async knownIds(stream: string): Promise<StreamIds> {
    const entry = this.ids.get(stream);
    const events = await readStreamOrNull(this.client, stream, {
      direction: FORWARDS,
      fromRevision: entry.next,
    });
    if (events === null) {
      // Missing stream: nothing recorded (a cached entry means it was deleted outside the engine).
      return entry.next > 0n ? this.ids.reset(stream) : entry;
    }
    this.ids.add(stream, entry, events);
    return entry;
  }
}

/** Builds the adapter from a connection string, e.g. `esdb://localhost:2113?tls=false`. */
export function createEventStoreDbEventStore(
  connectionString: string,
  options: EventStoreDbEventStoreOptions = {},
): EventStoreDbEventStore {
  return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), options);
}
