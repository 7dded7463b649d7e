import { PoolClient } from 'pg';
import { formatPosition, Position, PostgresEventStore, RecordedEvent } from '@journey/event-store';
import { ProjectionLeases1763900000013 } from '@journey/read-models';
import {
  createStoreTestDatabase,
  StoreTestDatabase,
  TestDatabase,
} from '../../../test/test-database';
import { Projection } from '../src/runner/projection';
import { loadCheckpoint } from '@journey/read-models';

/** What the runner's tests share: a projection that counts events per stream. */
/** Deliberately not idempotent: it adds 1 per event, so any event applied twice shows. */
export class CountingProjection implements Projection {
  readonly name = 'counting';
  readonly streamPrefixes = ['count-'];
  readonly tables = ['test_counts'];
  batches = 0;
  /** Sizes of the batches applied, and how often the runner asked to drop held state. */
  readonly sizes: number[] = [];
  forgotten = 0;
  constructor(
    private readonly crashOnBatches: Set<number>,
    readonly partition?: { readonly count: number; readonly index: number },
  ) {}

  forget(): void {
    this.forgotten++;
  }

  async apply(events: readonly RecordedEvent[], tx: PoolClient): Promise<void> {
    this.batches++;
    this.sizes.push(events.length);
    await tx.query(
      `INSERT INTO test_counts (stream, n) SELECT s, count(*) FROM unnest($1::text[]) s GROUP BY s
       ON CONFLICT (stream) DO UPDATE SET n = test_counts.n + EXCLUDED.n`,
      [events.map((e) => e.stream)],
    );
    // A crash after the writes, before the checkpoint commits.
    if (this.crashOnBatches.delete(this.batches))
      throw new Error(`simulated crash in batch ${this.batches}`);
  }
}

export async function countingSetup(): Promise<StoreTestDatabase> {
  const t = await createStoreTestDatabase(10);
  const { db } = t;
  await db.pool
    .query(`CREATE TABLE projection_checkpoints (name text NOT NULL, partition int NOT NULL DEFAULT 0,
    position text NOT NULL, events_processed bigint NOT NULL DEFAULT 0, events_per_second int NOT NULL DEFAULT 0,
    watermark timestamptz, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (name, partition))`);
  await db.pool.query(
    'CREATE TABLE projection_partitioning (name text PRIMARY KEY, partitions int NOT NULL)',
  );
  await db.pool
    .query(`CREATE TABLE projector_members (projection text NOT NULL, owner text NOT NULL,
    expires_at timestamptz NOT NULL, PRIMARY KEY (projection, owner))`);
  await db.pool.query('CREATE TABLE test_counts (stream text PRIMARY KEY, n int NOT NULL)');
  await new ProjectionLeases1763900000013().up({
    query: (sql: string) => db.pool.query(sql),
  });
  return t;
}

/**
 * The position of the n-th counted event. Read until all n are visible: a reader sees events only
 * below the oldest running transaction, so straight after appending the last ones may still hide.
 */
export async function lastOf(store: PostgresEventStore, n: number): Promise<Position> {
  for (let waited = 0; ; waited += 20) {
    const all = await store.readAll({ streamPrefix: 'count-', maxCount: n });
    if (all.length === n) return all[n - 1].position;
    if (waited > 30_000) throw new Error(`only ${all.length} of ${n} events visible`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the counting projection's checkpoint reaches the given position. */
export async function caughtUp(db: TestDatabase, last: Position): Promise<void> {
  for (let waited = 0; ; waited += 50) {
    const { position } = await loadCheckpoint(db.pool, 'counting');
    if (formatPosition(position) === formatPosition(last)) return;
    if (waited > 30_000) throw new Error('runner did not catch up');
    await new Promise((r) => setTimeout(r, 50));
  }
}
