import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../../test/contract';
import { createStoreTestDatabase, StoreTestDatabase } from '../../../../test/test-database';

describeEventStoreContract('postgres', async () => {
  const { store, drop } = await createStoreTestDatabase(30, { pollIntervalMs: 200 });
  return { store, teardown: drop };
});

describe('postgres store, stream rows', () => {
  let t: StoreTestDatabase;
  beforeAll(async () => (t = await createStoreTestDatabase(4)));
  afterAll(async () => t?.drop());

  const streamRows = async (streams: string[]) =>
    (
      await t.db.pool.query<{ stream_id: string; revision: string }>(
        'SELECT stream_id, revision::text FROM es_streams WHERE stream_id = ANY($1) ORDER BY 1',
        [streams],
      )
    ).rows;

  it('given a multi-append, when missing streams conflict, then no row is left for them and the stored one has its revision', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((s) => `rows-${s}-${randomUUID().slice(0, 8)}`);
    const ev = () => ({ id: randomUUID(), type: 'T', data: {} });
    const outcomes = await t.store.appendToStreams([
      { stream: a, events: [ev()], expectedRevision: 3n },
      { stream: b, events: [ev(), ev()], expectedRevision: 'no_stream' },
      { stream: c, events: [ev()], expectedRevision: 'stream_exists' },
    ]);
    expect(outcomes.map((o) => (o.result ? 'ok' : o.error?.name))).toEqual([
      'WrongExpectedVersionError',
      'ok',
      'WrongExpectedVersionError',
    ]);
    expect(await streamRows([a, b, c])).toEqual([{ stream_id: b, revision: '1' }]);
  });
});

describe('postgres store, catch-up pages', () => {
  let t: StoreTestDatabase;
  beforeAll(async () => (t = await createStoreTestDatabase(4)));
  afterAll(async () => t?.drop());

  it('given a long backlog of the followed streams, when a page is read from its start, then only about a page of rows is fetched, not the whole backlog sorted', async () => {
    // Rows of one transaction, no statistics yet: the planner's guess that sorted the backlog.
    await t.store.appendToStreams(
      Array.from({ length: 100 }, (_, s) => ({
        stream: `customer-page-${s}`,
        events: Array.from({ length: 100 }, () => ({ id: randomUUID(), type: 'T', data: {} })),
      })),
    );
    const client = await t.db.pool.connect();
    try {
      await client.query('BEGIN');
      const page = await t.store.readAllWith(client, {
        maxCount: 200,
        streamPrefix: ['customer-', 'anonymous-'],
      });
      // Rows the scans of this transaction fetched from es_events.
      const { rows } = await client.query<{ n: string }>(
        `SELECT pg_stat_get_xact_tuples_fetched('es_events'::regclass)::text AS n`,
      );
      await client.query('COMMIT');
      expect(page).toHaveLength(200);
      expect(Number(rows[0].n)).toBeLessThan(1000);
    } finally {
      client.release();
    }
  });
});
