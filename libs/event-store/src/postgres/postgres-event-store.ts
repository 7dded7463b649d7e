import { Pool, PoolClient } from 'pg';
import { inTransaction, isStoreUnavailable } from '@journey/postgres';
import { EventStoreUnavailableError } from '../errors';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  JsonObject,
  ReadStreamHeadsOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  StreamAppendOutcome,
  StreamHead,
  StreamState,
  StreamStateRequest,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { Position, START } from '../position';
import {
  validateAppend,
  validateMultiAppend,
  validateReadAll,
  validateStreamStates,
} from '../validation';
import { appendMany } from './postgres-appends';
import { AppendNotifier } from './append-notifier';
import { PartitionIndexes } from './partition-indexes';
import { EVENT_COLUMNS, EventRow, prefixPatterns, toRecordedEvent } from './row-mapping';
import { SCHEMA_LOCK_KEY, SCHEMA_SQL } from './schema';
import { readStreamStates } from './stream-states';
import { PostgresSubscription, PostgresSubscriptionOptions } from './postgres-subscription';

export interface PostgresEventStoreOptions {
  /** Poll interval when no notification arrives (ms). */
  readonly pollIntervalMs?: number;
  /** Rows fetched per page by readers and subscriptions. */
  readonly pageSize?: number;
}

/** In order from a position, below the horizon; es_read_all (schema.ts) says why a function. */
const READ_ALL_SQL = `SELECT ${EVENT_COLUMNS} FROM es_read_all($1::xid8, $2::bigint, $3::int, $4::text[]) e`;
/** The same for one partition; es_read_partition says how it reaches its index. */
const READ_PARTITION_SQL = `SELECT ${EVENT_COLUMNS}
  FROM es_read_partition($1::xid8, $2::bigint, $3::int, $4::text[], $5::int, $6::int) e`;

export class PostgresEventStore implements EventStore {
  private readonly notifier: AppendNotifier;
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private readonly partitionIndexes: PartitionIndexes;

  constructor(
    private readonly pool: Pool,
    options: PostgresEventStoreOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 2000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.notifier = new AppendNotifier(pool);
    this.partitionIndexes = new PartitionIndexes(pool);
  }

  /** Creates or updates the store's tables and function; safe to call from many processes. */
  async ensureSchema(): Promise<void> {
    await inTransaction(this.pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
      await tx.query(SCHEMA_SQL);
    });
  }

  async appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    validateAppend(stream, events);
    const [outcome] = await this.appendMany([
      { stream, events, expectedRevision: options.expectedRevision },
    ]);
    if (outcome.error) throw outcome.error;
    return outcome.result;
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    validateMultiAppend(appends);
    if (appends.length === 0) return [];
    return this.appendMany(appends);
  }

  private async appendMany(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    try {
      const outcomes = await appendMany(this.pool, appends);
      if (
        outcomes.some((o, i) => o.result && o.result.duplicateIds.length < appends[i].events.length)
      ) {
        this.notifier.appended();
      }
      return outcomes;
    } catch (err) {
      throw wrapConnectionError(err);
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.backwards ?? false;
    const from = options.fromRevision ?? (backwards ? null : 0n);
    const limit = options.maxCount ?? null;
    const sql = backwards
      ? `SELECT ${EVENT_COLUMNS} FROM es_events e WHERE e.stream_id = $1
           AND ($2::bigint IS NULL OR e.revision <= $2) ORDER BY e.revision DESC LIMIT $3`
      : `SELECT ${EVENT_COLUMNS} FROM es_events e WHERE e.stream_id = $1
           AND e.revision >= $2 ORDER BY e.revision LIMIT $3`;
    const { rows } = await this.query<EventRow>(sql, [
      stream,
      from === null ? null : from.toString(),
      limit,
    ]);
    return rows.map(toRecordedEvent);
  }

  async readStreamHeads(options: ReadStreamHeadsOptions): Promise<StreamHead[]> {
    // es_streams names each stream's last revision (a row at -1 exists only inside an append).
    // The page of streams is chosen first, then one index probe fetches each head: joined before
    // the LIMIT, a fresh table's plan probed every remaining stream for each page.
    const { rows } = await this.query<{
      stream_id: string;
      revision: string;
      metadata: JsonObject;
    }>(
      `SELECT s.stream_id, s.revision::text AS revision,
              (SELECT e.metadata FROM es_events e
                WHERE e.stream_id = s.stream_id AND e.revision = s.revision) AS metadata
         FROM (SELECT stream_id, revision FROM es_streams
                WHERE stream_id LIKE ANY ($1::text[]) AND stream_id > coalesce($2::text, '')
                ORDER BY stream_id LIMIT $3) s
        ORDER BY s.stream_id`,
      [prefixPatterns(options.streamPrefix), options.afterStream ?? null, options.maxCount],
    );
    return rows.map((r) => ({
      stream: r.stream_id,
      revision: BigInt(r.revision),
      metadata: r.metadata,
    }));
  }

  async readStreamStates(requests: readonly StreamStateRequest[]): Promise<StreamState[]> {
    validateStreamStates(requests);
    try {
      return await readStreamStates(this.pool, requests);
    } catch (err) {
      throw wrapConnectionError(err);
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllWith(this.pool, options);
  }

  /** Reads a page through the given client (subscriptions keep their own). */
  async readAllWith(client: Pool | PoolClient, options: ReadAllOptions): Promise<RecordedEvent[]> {
    validateReadAll(options);
    const from = options.fromPosition ?? START;
    const params = [
      from.commit.toString(),
      from.prepare.toString(),
      options.maxCount ?? this.pageSize,
      prefixPatterns(options.streamPrefix),
    ];
    const partition = options.partition;
    if (!partition || partition.count === 1) {
      const { rows } = await client.query<EventRow>(READ_ALL_SQL, params);
      return rows.map(toRecordedEvent);
    }
    // Built on first use, on a connection of the pool (partition-indexes.ts): a client passed in
    // must not be in a transaction that appended, or the build would wait for it forever.
    await this.partitionIndexes.ensure(partition.count);
    const { rows } = await client.query<EventRow>(READ_PARTITION_SQL, [
      ...params,
      partition.count,
      partition.index,
    ]);
    return rows.map(toRecordedEvent);
  }

  /** Whether committed events wait behind the horizon of a still-running transaction. */
  async hasEventsBehindHorizon(client: Pool | PoolClient): Promise<boolean> {
    // The newest row against the horizon, read backwards off the primary key. EXISTS over
    // `tx_id >= xmin` was planned as a sequential scan that finds nothing: 150 to 250 ms per call
    // on a million events, on every wake-up of every subscription.
    const { rows } = await client.query<{ blocked: boolean }>(
      `SELECT coalesce((SELECT e.tx_id FROM es_events e ORDER BY e.tx_id DESC, e.seq DESC LIMIT 1)
                       >= pg_snapshot_xmin(pg_current_snapshot()), false) AS blocked`,
    );
    return rows[0].blocked;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    validateReadAll(options);
    const subOptions: PostgresSubscriptionOptions = {
      ...options,
      pageSize: this.pageSize,
      pollIntervalMs: this.pollIntervalMs,
    };
    return new PostgresSubscription(this, this.pool, this.notifier, subOptions);
  }

  /**
   * The newest event's seq (an identity: one per event appended, gaps where a transaction rolled
   * back) less each position's, off the primary key's end: no count over a backlog of millions.
   */
  async estimateEventsAfter(from: readonly (Position | undefined)[]): Promise<number[]> {
    const { rows } = await this.query<{ seq: string }>(
      'SELECT seq::text FROM es_events ORDER BY tx_id DESC, seq DESC LIMIT 1',
      [],
    );
    const head = BigInt(rows[0]?.seq ?? 0);
    return from.map((p) => {
      const after = head - (p?.prepare ?? 0n);
      return after > 0n ? Number(after) : 0;
    });
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1 FROM es_streams LIMIT 1', []);
  }

  async close(): Promise<void> {
    await this.notifier.flush();
  }

  private async query<R extends object>(sql: string, params: unknown[]) {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (err) {
      throw wrapConnectionError(err);
    }
  }
}

function wrapConnectionError(err: unknown): unknown {
  if (!isStoreUnavailable(err)) return err;
  const { code, message } = err as { code?: string; message?: string };
  return new EventStoreUnavailableError(`Event store unavailable (${code ?? message})`, err);
}
