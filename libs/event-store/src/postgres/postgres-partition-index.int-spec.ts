import { randomUUID } from 'node:crypto';
import { PoolClient } from 'pg';
import { createStoreTestDatabase, StoreTestDatabase } from '../../../../test/test-database';
import { partitionOf } from '../partition';
import { createPool } from '@journey/postgres';
import { PostgresEventStore } from './postgres-event-store';

/** The plans auto_explain reports for the statements es_read_partition runs. */
async function partitionPlans(
  t: StoreTestDatabase,
  read: (client: PoolClient) => Promise<unknown>,
): Promise<string[]> {
  const client = await t.db.pool.connect();
  const notices: string[] = [];
  const onNotice = (n: { message?: string }) => notices.push(n.message ?? '');
  client.on('notice', onNotice);
  try {
    await client.query(`LOAD 'auto_explain'`);
    await client.query(`SET auto_explain.log_min_duration = 0`);
    await client.query(`SET auto_explain.log_nested_statements = on`);
    await client.query(`SET auto_explain.log_level = notice`);
    await read(client);
    return notices.filter((n) => n.includes('FROM es_events e') && n.includes('partition_hash %'));
  } finally {
    client.off('notice', onNotice);
    client.release(true); // not back to the pool with auto_explain loaded
  }
}

const indexState = async (t: StoreTestDatabase, name: string) =>
  (
    await t.db.pool.query<{ valid: boolean }>(
      'SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass($1)',
      [name],
    )
  ).rows[0]?.valid ?? 'missing';

describe('PostgreSQL partition indexes', () => {
  let t: StoreTestDatabase;
  beforeAll(async () => {
    t = await createStoreTestDatabase(6);
    // 200,000 events of 2,000 streams in 20 transactions, straight into the table: only the plans
    // and indexes are under test here.
    for (let tx = 0; tx < 20; tx++) {
      await t.db.pool.query(
        `INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata)
         SELECT 'customer-' || (g % 2000), $1::int * 5 + g / 2000, gen_random_uuid(), 'T', '{}', '{}'
           FROM generate_series(0, 9999) g`,
        [tx],
      );
    }
  });
  afterAll(async () => t?.drop());

  it('given 200,000 events, a page of a partition is an index scan of es_events_partition_4 on the expression: no sort, no full scan, before and after ANALYZE', async () => {
    const { rows } = await t.db.pool.query<{ tx: string; seq: string }>(
      `SELECT tx_id::text AS tx, seq::text AS seq FROM es_events ORDER BY tx_id, seq OFFSET 100000 LIMIT 1`,
    );
    const middle = { commit: BigInt(rows[0].tx), prepare: BigInt(rows[0].seq) };
    const pages = async () => {
      const plans = await partitionPlans(t, async (client) => {
        for (const options of [
          { maxCount: 2000 },
          { maxCount: 2000, streamPrefix: ['customer-', 'anonymous-'] },
          { maxCount: 2000, fromPosition: middle, streamPrefix: 'customer-' },
        ]) {
          const page = await t.store.readAllWith(client, {
            ...options,
            partition: { count: 4, index: 1 },
          });
          expect(page).toHaveLength(2000);
          expect(page.every((e) => partitionOf(e.stream, 4) === 1)).toBe(true);
        }
      });
      expect(plans).toHaveLength(3);
      for (const plan of plans) {
        expect(plan).toMatch(/Index Scan using es_events_partition_4 on es_events/);
        // One value, as an array: see es_read_partition (schema.ts) for why not "= 1".
        expect(plan).toMatch(
          /Index Cond: \(\(\(partition_hash % 4\) = ANY \('\{1\}'::integer\[\]\)\) AND/,
        );
        expect(plan).not.toMatch(/Sort|Seq Scan|Bitmap/);
      }
    };
    await pages();
    await t.db.pool.query('ANALYZE es_events');
    await pages();
  });

  it('given two stores asking for the same count at once, then one valid index serves both', async () => {
    const other = new PostgresEventStore(t.db.pool);
    const [a, b] = await Promise.all(
      [t.store, other].map((s) =>
        s.readAll({ partition: { count: 6, index: 5 }, maxCount: 100_000 }),
      ),
    );
    expect(a.length).toBeGreaterThan(0);
    expect(a.map((e) => e.id)).toEqual(b.map((e) => e.id));
    expect(await indexState(t, 'es_events_partition_6')).toBe(true);
  });

  it('given an invalid index left by a build that died, when a store reads that count, then it builds the index again', async () => {
    // A unique build fails on duplicates and leaves the index behind, INVALID.
    await expect(
      t.db.pool.query(
        'CREATE UNIQUE INDEX CONCURRENTLY es_events_partition_5 ON es_events ((partition_hash % 5))',
      ),
    ).rejects.toThrow(/duplicate|unique/i);
    expect(await indexState(t, 'es_events_partition_5')).toBe(false);
    const fresh = new PostgresEventStore(t.db.pool);
    const page = await fresh.readAll({ partition: { count: 5, index: 0 }, maxCount: 10 });
    expect(page).toHaveLength(10);
    expect(await indexState(t, 'es_events_partition_5')).toBe(true);
    const plans = await partitionPlans(t, (client) =>
      fresh.readAllWith(client, { partition: { count: 5, index: 0 }, maxCount: 10 }),
    );
    expect(plans[0]).toMatch(/Index Scan using es_events_partition_5 /);
  });
});

describe('PostgreSQL partition_hash column on an existing store', () => {
  let t: StoreTestDatabase;
  beforeAll(async () => (t = await createStoreTestDatabase(4)));
  afterAll(async () => t?.drop());

  it('given a table from before the column, when the schema is applied, then its rows get the hash partitionOf computes; applied again, it takes no table lock', async () => {
    const streams = Array.from({ length: 30 }, (_, i) => `customer-${randomUUID()}-${i}`);
    await t.store.appendToStreams(
      streams.map((stream) => ({ stream, events: [{ id: randomUUID(), type: 'T', data: {} }] })),
    );
    await t.db.pool.query('ALTER TABLE es_events DROP COLUMN partition_hash');
    await t.store.ensureSchema();
    const { rows } = await t.db.pool.query<{ stream_id: string; partition_hash: number }>(
      'SELECT stream_id, partition_hash FROM es_events',
    );
    expect(rows).toHaveLength(30);
    for (const r of rows) expect(r.partition_hash).toBe(partitionOf(r.stream_id, 2 ** 31));

    // A reader's open transaction: an ALTER TABLE would wait for it, here until lock_timeout.
    const reader = await t.db.pool.connect();
    const impatient = createPool({
      connectionString: t.db.url,
      max: 1,
      options: '-c lock_timeout=500',
    });
    try {
      await reader.query('BEGIN');
      await reader.query('SELECT 1 FROM es_events LIMIT 1');
      await expect(new PostgresEventStore(impatient).ensureSchema()).resolves.toBeUndefined();
    } finally {
      await reader.query('COMMIT');
      reader.release();
      await impatient.end();
    }
  });
});
