import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { PostgresEventStore } from '@journey/event-store';
import { createPool } from '@journey/postgres';
import { Batch, makeBatches, streamName } from './workload';
import { latencySummary, rate, round2 } from './stats';

export interface StoreBenchOptions {
  readonly events: number;
  readonly streams: number;
  readonly batch: number;
  readonly singleWriters: number;
  readonly singleSeconds: number;
  readonly catchUpEvents: number;
  readonly log: (msg: string) => void;
}

/** Issue 2's store figures on the PostgreSQL adapter, with the raw INSERT ceiling of the same run. */
export async function benchStore(url: string, o: StoreBenchOptions) {
  const pool = createPool({ connectionString: url, max: Math.max(20, o.singleWriters + 4) });
  const store = new PostgresEventStore(pool, { pageSize: 5000 });
  await store.ensureSchema();
  let batches = makeBatches(o.events, o.streams, o.batch);
  try {
    o.log('ceiling: multi-row INSERT (warm-up, untimed)');
    await insertCeiling(pool, batches, o.batch);
    o.log('ceiling: multi-row INSERT, 100 rows/statement, no index');
    const ceiling = await insertCeiling(pool, batches, o.batch);

    const appendAll = async (writers: number) => {
      await reset(pool);
      const t = performance.now();
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (const b of batches) if (b.s % writers === w) await appendBatch(store, b);
        }),
      );
      const ms = performance.now() - t;
      const n = await count(pool);
      if (n !== o.events) throw new Error(`stored ${n} events, expected ${o.events}`);
      return { events: n, seconds: round2(ms / 1000), eventsPerSec: rate(n, ms) };
    };
    o.log(`store: ${o.events} events, ${o.batch}/append, ${o.streams} streams, 1 writer`);
    const one = await appendAll(1);
    o.log(`store: same, 8 writers`);
    const eight = await appendAll(8);
    o.log(`store: single-event appends, ${o.singleWriters} writers, ${o.singleSeconds}s`);
    const appendSingle = await singleAppends(store, pool, o);
    // The append workload is done: let it go, so the read is not timed with its heap in the way.
    batches = [];
    o.log(`store: catch-up read of ${o.catchUpEvents} events through subscribeToAll`);
    const catchUpSubscribeToAll = await catchUp(store, pool, o.catchUpEvents);
    return {
      ceilingInsertNoIndex: ceiling,
      appendBatch100_1writer: {
        ...one,
        ratioToCeiling: round2(one.eventsPerSec / ceiling.rowsPerSec),
      },
      appendBatch100_8writers: {
        ...eight,
        ratioToCeiling: round2(eight.eventsPerSec / ceiling.rowsPerSec),
      },
      appendSingle,
      catchUpSubscribeToAll,
    };
  } finally {
    await store.close();
    await pool.end();
  }
}

async function appendBatch(store: PostgresEventStore, b: Batch): Promise<void> {
  await store.appendToStream(streamName(b.s), b.events, {
    expectedRevision: b.startRev === 0 ? 'no_stream' : BigInt(b.startRev - 1),
  });
}

async function reset(pool: Pool): Promise<void> {
  await pool.query('TRUNCATE es_events, es_streams');
  await pool.query('CHECKPOINT');
}

async function count(pool: Pool): Promise<number> {
  return Number((await pool.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n);
}

/** The same rows as one plain multi-row INSERT per batch into a bare table (no index, no function). */
async function insertCeiling(pool: Pool, batches: Batch[], size: number) {
  await pool.query('DROP TABLE IF EXISTS bench_ceiling');
  await pool.query(`CREATE TABLE bench_ceiling (id bigserial, stream text NOT NULL, revision int NOT NULL,
    type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, created timestamptz NOT NULL DEFAULT now())`);
  await pool.query('CHECKPOINT');
  const cols = 5;
  const text =
    'INSERT INTO bench_ceiling (stream, revision, type, data, metadata) VALUES ' +
    Array.from(
      { length: size },
      (_, r) => `(${Array.from({ length: cols }, (_, c) => `$${r * cols + c + 1}`).join(',')})`,
    ).join(',');
  const client = await pool.connect();
  try {
    const t = performance.now();
    for (const b of batches) {
      const values: unknown[] = [];
      const st = streamName(b.s);
      b.events.forEach((e, j) =>
        values.push(
          st,
          b.startRev + j + 1,
          e.type,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
        ),
      );
      await client.query({ name: `ceil${size}`, text, values });
    }
    const ms = performance.now() - t;
    const rows = batches.length * size;
    return { rows, seconds: round2(ms / 1000), rowsPerSec: rate(rows, ms) };
  } finally {
    client.release();
    await pool.query('DROP TABLE bench_ceiling');
  }
}

async function singleAppends(store: PostgresEventStore, pool: Pool, o: StoreBenchOptions) {
  await reset(pool);
  const source = makeBatches(o.batch * 50, 50, o.batch).flatMap((b) => b.events);
  const latencies: number[] = [];
  const deadline = performance.now() + o.singleSeconds * 1000;
  const t0 = performance.now();
  let k = 0;
  await Promise.all(
    Array.from({ length: o.singleWriters }, async (_, w) => {
      const revisions = new Map<number, bigint>();
      const mine: number[] = [];
      for (let s = w; s < o.streams; s += o.singleWriters) mine.push(s);
      for (let i = 0; performance.now() < deadline; i++) {
        const s = mine[i % mine.length];
        const e = source[k++ % source.length];
        const a = performance.now();
        const r = await store.appendToStream(streamName(s), [{ ...e, id: crypto.randomUUID() }], {
          expectedRevision: revisions.get(s) ?? 'no_stream',
        });
        latencies.push(performance.now() - a);
        revisions.set(s, r.nextRevision);
      }
    }),
  );
  const elapsed = performance.now() - t0;
  const stored = await count(pool);
  if (stored !== latencies.length)
    throw new Error(`stored ${stored}, appended ${latencies.length}`);
  return {
    writers: o.singleWriters,
    seconds: round2(elapsed / 1000),
    events: stored,
    eventsPerSec: rate(stored, elapsed),
    latencyMs: latencySummary(latencies),
  };
}

/** Fills the store to `target` events (copies of the appended ones), then times a full catch-up. */
async function catchUp(store: PostgresEventStore, pool: Pool, target: number) {
  await reset(pool);
  const per = 100_000;
  for (let done = 0; done < target; done += per) {
    await pool.query(
      `INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata)
       SELECT 'customer-c' || lpad((g % 100000)::text, 7, '0') || '-' || $1::int, g / 100000, gen_random_uuid(),
              'TouchpointRecorded',
              jsonb_build_object('touchpointId', gen_random_uuid(), 'customerId', 'c' || lpad((g % 100000)::text, 7, '0'),
                'journey', 'onboarding', 'step', 'kyc-upload', 'channel', 'mobile-app', 'outcome', 'completed',
                'occurredAt', to_char(now() + g * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'attributes', jsonb_build_object('sessionId', gen_random_uuid(), 'device', 'ios',
                  'campaign', 'cmp-2026-042', 'durationMs', g % 90000, 'locale', 'en-GB', 'score', 0.42)),
              jsonb_build_object('correlationId', gen_random_uuid(), 'source', 'bench')
         FROM generate_series(0, $2::int - 1) g`,
      [done, Math.min(per, target - done)],
    );
  }
  await pool.query('VACUUM ANALYZE es_events');
  // Flush the load's dirty pages first, so the timed read does not race a checkpoint's writes.
  await pool.query('CHECKPOINT');
  const sub = store.subscribeToAll();
  let n = 0;
  const t = performance.now();
  for await (const _ of sub) if (++n === target) break;
  const ms = performance.now() - t;
  await sub.close();
  return { events: n, seconds: round2(ms / 1000), eventsPerSec: rate(n, ms) };
}
