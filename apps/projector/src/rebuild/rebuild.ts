import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from '@journey/event-store';
import { createPool, inTransaction } from '@journey/postgres';
import {
  createShadowCheckpoints,
  createShadowPartitioning,
  eventsProcessed,
  loadCheckpoint,
  setPartitions,
  takeOverShadowCheckpoints,
} from '@journey/read-models';
import { Projection } from '../runner/projection';
import { ProjectionRunner } from '../runner/projection-runner';
import { fenceBatches } from '../runner/swap-fence';

export interface RebuildProgress {
  readonly processed: number;
  /** Events the projection follows, counted at the start (null when the store cannot say). */
  readonly total: number | null;
  readonly eventsPerSecond: number;
}

export interface RebuildOptions {
  readonly onProgress?: (p: RebuildProgress) => void;
  /** Swap once the shadow is at most this many events behind the live store. */
  readonly swapWithin?: number;
  /**
   * How many partitions to build (default 1): the count the live projector runs from the swap on
   * (projection_partitioning). Changing a deployment's count is done this way.
   */
  readonly partitions?: number;
}

type Partition = { readonly count: number; readonly index: number };

const logger = new Logger('Rebuild');

/**
 * Replays the projection from the start into shadow copies of its tables (schema
 * `rebuild_<name>`) while the live tables keep serving, then swaps them in with one transaction.
 * The live runner notices the moved checkpoint and carries on from the shadow's.
 */
export async function rebuildProjection(
  store: EventStore,
  databaseUrl: string,
  make: (mode: 'rebuild', partition: Partition) => Projection,
  options: RebuildOptions = {},
): Promise<RebuildProgress> {
  const count = options.partitions ?? 1;
  const partitions = Array.from({ length: count }, (_, index) => make('rebuild', { count, index }));
  const projection = partitions[0];
  const shadow = `rebuild_${projection.name.replace(/[^a-z0-9_]/g, '_')}`;
  // createPool: a lost connection fails the rebuild's current step, never the process.
  const admin = createPool({ connectionString: databaseUrl, max: 2 });
  // Unqualified names resolve to the shadow tables first; the event store stays in public.
  const shadowPool = createPool({
    connectionString: databaseUrl,
    max: 4,
    // A crash loses nothing a rebuild cannot redo: it starts over. So no waiting for WAL flushes.
    options: `-c search_path=${shadow},public -c synchronous_commit=off -c maintenance_work_mem=256MB`,
  });
  try {
    // A bulk load fills tables without indexes (much cheaper), then builds them in one sort each.
    const bulk = projection.bulkLoad !== undefined;
    await createShadow(admin, shadow, projection, !bulk, count);
    // Counted beside the bulk pass, which does not need it.
    const counting = countFollowed(admin, projection.streamPrefixes);
    let total: number | null = null;
    if (projection.bulkLoad) {
      const { processed } = await projection.bulkLoad(store, shadowPool, {
        buildIndexes: () => buildIndexes(shadowPool, shadow, projection),
      });
      total = await counting;
      options.onProgress?.({ processed, total, eventsPerSecond: 0 });
    }
    total = await counting;
    const runners = partitions.map(
      (p) => new ProjectionRunner(store, shadowPool, p, { maxBatch: 5000, maxWaitMs: 50 }),
    );
    runners.forEach((r) => r.start());
    let progress: RebuildProgress = { processed: 0, total, eventsPerSecond: 0 };
    try {
      for (;;) {
        const processed = await eventsProcessed(shadowPool, projection.name);
        const eventsPerSecond = runners.reduce((sum, r) => sum + r.eventsPerSecond, 0);
        progress = { processed, total, eventsPerSecond };
        options.onProgress?.(progress);
        if (await caughtUp(store, shadowPool, partitions, options.swapWithin ?? 0)) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    // Statistics travel with the tables: queries right after the swap get plans for what the
    // tables now hold, not for empty ones. One statement: concurrent ANALYZEs of several tables
    // can deadlock on the catalogs. A failure only warns: autovacuum analyzes them a minute later.
    await shadowPool
      .query(`ANALYZE ${projection.tables.map((t) => `${shadow}.${t}`).join(', ')}`)
      .catch((err: unknown) =>
        logger.warn({ msg: 'analyze before swap failed', shadow, error: String(err) }),
      );
    await swap(admin, shadow, projection, count);
    logger.log({
      msg: 'rebuild swapped in',
      projection: projection.name,
      processed: progress.processed,
    });
    return progress;
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE`).catch(() => undefined);
    await shadowPool.end();
    await admin.end();
  }
}

async function createShadow(
  admin: Pool,
  shadow: string,
  projection: Projection,
  withIndexes: boolean,
  partitions: number,
): Promise<void> {
  await admin.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE`);
  await admin.query(`CREATE SCHEMA ${shadow}`);
  const like = withIndexes ? 'INCLUDING ALL' : 'INCLUDING ALL EXCLUDING INDEXES';
  for (const table of projection.tables) {
    await admin.query(`CREATE TABLE ${shadow}.${table} (LIKE public.${table} ${like})`);
  }
  await createShadowCheckpoints(admin, shadow);
  // The shadow's runners are fenced by the count they build, not the live one.
  await createShadowPartitioning(admin, shadow, projection.name, partitions);
}

/**
 * The live tables' indexes (primary keys included), built on the loaded shadow tables: one table
 * per connection at a time, several tables at once (PostgreSQL builds each index with one sort).
 */
async function buildIndexes(pool: Pool, shadow: string, projection: Projection): Promise<void> {
  const { rows } = await pool.query<{ table: string; def: string; constraint: string | null }>(
    `SELECT t.relname AS table, pg_get_indexdef(i.indexrelid) AS def, c.conname AS constraint
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
       LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.contype IN ('p', 'u')
      WHERE t.relname = ANY($1::text[])
      ORDER BY c.conname IS NULL`,
    [projection.tables],
  );
  const byTable = new Map<string, typeof rows>();
  for (const r of rows) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r]);
  await Promise.all(
    [...byTable.values()].map(async (indexes) => {
      for (const r of indexes) await pool.query(await indexStatement(pool, shadow, r));
    }),
  );
}

async function indexStatement(
  pool: Pool,
  shadow: string,
  r: { table: string; def: string; constraint: string | null },
): Promise<string> {
  if (!r.constraint) return r.def.replace(' ON public.', ` ON ${shadow}.`);
  const { rows } = await pool.query<{ def: string }>(
    `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
       JOIN pg_namespace n ON n.oid = c.connamespace AND n.nspname = 'public'
      WHERE c.conname = $1`,
    [r.constraint],
  );
  return `ALTER TABLE ${shadow}.${r.table} ADD CONSTRAINT ${r.constraint} ${rows[0].def}`;
}

async function countFollowed(admin: Pool, prefixes: readonly string[]): Promise<number | null> {
  try {
    const patterns = prefixes.map((p) => p.replace(/[\\%_]/g, (c) => '\\' + c) + '%');
    const { rows } = await admin.query<{ n: string }>(
      'SELECT count(*) AS n FROM es_events WHERE stream_id LIKE ANY ($1::text[])',
      [patterns],
    );
    return Number(rows[0].n);
  } catch {
    return null; // not the PostgreSQL store
  }
}

/** Every partition at most `within` events behind (together). */
async function caughtUp(
  store: EventStore,
  pool: Pool,
  partitions: readonly Projection[],
  within: number,
): Promise<boolean> {
  let behind = 0;
  for (const p of partitions) {
    const partition = p.partition ?? { count: 1, index: 0 };
    const { position } = await loadCheckpoint(pool, p.name, partition.index);
    const events = await store.readAll({
      fromPosition: position,
      maxCount: within + 1,
      streamPrefix: p.streamPrefixes,
      ...(partition.count > 1 ? { partition } : {}),
    });
    behind += events.length;
    if (behind > within) return false;
  }
  return true;
}

/**
 * One transaction: retire the live tables, move the shadow ones in, take over its checkpoints
 * and partition count. Live runners of another count fail their next batch (assertPartitioning).
 */
async function swap(
  admin: Pool,
  shadow: string,
  projection: Projection,
  partitions: number,
): Promise<void> {
  const retired = `${shadow}_retired`;
  await inTransaction(admin, async (tx) => {
    await tx.query(`DROP SCHEMA IF EXISTS ${retired} CASCADE`);
    await tx.query(`CREATE SCHEMA ${retired}`);
    await fenceBatches(tx, projection.name);
    await tx.query(
      `LOCK TABLE ${projection.tables.map((t) => `public.${t}`).join(', ')} IN ACCESS EXCLUSIVE MODE`,
    );
    for (const table of projection.tables) {
      await tx.query(`ALTER TABLE public.${table} SET SCHEMA ${retired}`);
      await tx.query(`ALTER TABLE ${shadow}.${table} SET SCHEMA public`);
    }
    await takeOverShadowCheckpoints(tx, shadow, projection.name);
    await setPartitions(tx, projection.name, partitions);
    await tx.query(`DROP SCHEMA ${retired} CASCADE`);
  });
}
