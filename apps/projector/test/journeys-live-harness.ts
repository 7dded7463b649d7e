import { DataSource } from 'typeorm';
import { JourneyEvent, serialize } from '@journey/events';
import {
  partitionOf,
  Position,
  PostgresEventStore,
  RecordedEvent,
  START,
} from '@journey/event-store';
import { inTransaction } from '@journey/postgres';
import { createTestDatabase, TestDatabase } from '../../../test/test-database';
import {
  ensureCheckpoint,
  migrateReadModels,
  readModelDataSourceOptions,
  saveCheckpoint,
} from '@journey/read-models';
import { JourneysProjection } from '../src/journeys/journeys.projection';

/**
 * What the journeys properties share: a template database with the store's and the read models'
 * schemas, and a live projection of stored events driven batch by batch the way the runner drives
 * it (a crashed batch is rolled back, the projection forgets what it held, the batch is retried).
 */
export type Stored = { stream: string; id: string; event: JourneyEvent };

/** How a live run goes: batch sizes (cycled), batches that crash once, batches after which the
 * projection idles (the runner's tick), and how many pair states it may hold. */
export interface LivePlan {
  readonly batches: readonly number[];
  readonly crashes?: readonly number[];
  readonly ticks?: readonly number[];
  readonly maxHeldPairs?: number;
  /**
   * Partitions of the projection (default 1), each fed its own share of the events in order, and
   * which partition applies the next batch (cycled; one that is done passes its turn on): any
   * interleaving of partitions' progress, as separate processes would make.
   */
  readonly partitions?: number;
  readonly turns?: readonly number[];
}

export interface LiveRun {
  readonly db: TestDatabase;
  readonly store: PostgresEventStore;
  /** Pairs extended and recomputed over the run (projection.paths). */
  readonly paths: {
    readonly extended: number;
    readonly recomputed: number;
    readonly handedOff: number;
  };
}

/** An empty database with every schema, to copy per run (its pool is closed). */
export async function readModelTemplate(): Promise<TestDatabase> {
  const template = await createTestDatabase(2);
  const setup = new PostgresEventStore(template.pool);
  await setup.ensureSchema();
  await setup.close();
  const ds = new DataSource(readModelDataSourceOptions(template.url, 2));
  await ds.initialize();
  await migrateReadModels(ds);
  await ds.destroy();
  await template.pool.end();
  return template;
}

/** A fresh store holding `order` (appended one event at a time), projected live as `plan` says. */
export async function projectLive(
  template: TestDatabase,
  order: readonly Stored[],
  plan: LivePlan,
): Promise<LiveRun> {
  const db = await createTestDatabase(4, { template: template.name });
  const store = new PostgresEventStore(db.pool);
  const run = { db, store, paths: { extended: 0, recomputed: 0, handedOff: 0 } };
  try {
    await appendAll(store, order);
    await drive(store, db, order.length, plan, run.paths);
    return run;
  } catch (err) {
    await dropRuns([run]);
    throw err;
  }
}

async function appendAll(store: PostgresEventStore, order: readonly Stored[]): Promise<void> {
  for (const e of order) await store.appendToStream(e.stream, [serialize(e.id, e.event, metadata)]);
}

async function drive(
  store: PostgresEventStore,
  db: TestDatabase,
  count: number,
  plan: LivePlan,
  paths: { extended: number; recomputed: number; handedOff: number },
): Promise<void> {
  // Readers hold back events behind any transaction running on the server (another test file's
  // too): wait until all of them can be read, as the runner would.
  let all = await store.readAll({ maxCount: count + 1 });
  for (let wait = 0; all.length < count && wait < 10_000; wait += 20) {
    await new Promise((r) => setTimeout(r, 20));
    all = await store.readAll({ maxCount: count + 1 });
  }
  if (all.length !== count) throw new Error(`read ${all.length} of ${count} stored events`);
  const n = plan.partitions ?? 1;
  const partitions = Array.from({ length: n }, (_, index) => {
    const projection = new JourneysProjection({
      mode: 'live',
      maxHeldPairs: plan.maxHeldPairs,
      partition: { count: n, index },
    });
    const events = n === 1 ? all : all.filter((e) => partitionOf(e.stream, n) === index);
    return { projection, events, at: 0, from: START as Position };
  });
  for (const p of partitions)
    await ensureCheckpoint(db.pool, p.projection.name, p.projection.partition.index);
  const pending = new Set(plan.crashes ?? []);
  const ticks = new Set(plan.ticks ?? []);
  const turns = plan.turns ?? [0];
  const idle = async (projection: JourneysProjection) => {
    while (await inTransaction(db.pool, (tx) => projection.tick(tx)));
  };
  for (let b = 0, turn = 0; partitions.some((p) => p.at < p.events.length); b++) {
    let k = turns[turn++ % turns.length] % n;
    while (partitions[k].at >= partitions[k].events.length) k = (k + 1) % n;
    const p = partitions[k];
    const batch: RecordedEvent[] = p.events.slice(
      p.at,
      p.at + plan.batches[b % plan.batches.length],
    );
    const last = batch[batch.length - 1].position;
    const crash = pending.delete(b);
    try {
      await inTransaction(db.pool, async (tx) => {
        await p.projection.apply(batch, tx);
        // A crash after the writes, before the checkpoint: rolled back, and retried.
        if (crash) throw new SimulatedCrash();
        await saveCheckpoint(tx, p.projection.name, k, p.from, last, batch.length, 0);
      });
    } catch (err) {
      if (!(err instanceof SimulatedCrash)) throw err;
      // As the runner does after any failed batch: held states may describe rolled-back rows.
      p.projection.forget();
      continue;
    }
    p.from = last;
    p.at += batch.length;
    if (ticks.has(b)) await idle(p.projection);
  }
  // Quiet time: each partition takes what others handed over, and the abandonment sweep
  // finishes what the batches left (hand-offs come from batches only: one round is enough).
  for (const p of partitions) await idle(p.projection);
  for (const p of partitions) {
    paths.extended += p.projection.paths.extended;
    paths.recomputed += p.projection.paths.recomputed;
    paths.handedOff += p.projection.paths.handedOff;
  }
}

class SimulatedCrash extends Error {}

export async function dropRuns(runs: readonly (LiveRun | undefined)[]): Promise<void> {
  await Promise.all(
    runs.map(async (run) => {
      if (!run) return;
      await run.store.close();
      await run.db.drop();
    }),
  );
}

const metadata = {
  correlationId: 'property',
  causationId: 'property',
  requestId: 'property',
  source: 'property-test',
  apiKeyId: null,
};
