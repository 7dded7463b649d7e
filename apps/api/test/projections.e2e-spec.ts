import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { formatPosition, partitionOf } from '@journey/event-store';
import { customerStream } from '@journey/events';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';

/** Customer ids whose streams fall in partition `index` of `count`, `n` of them. */
function customersIn(index: number, count: number, n: number): string[] {
  const ids: string[] = [];
  for (let i = 0; ids.length < n; i++) {
    const id = `c-${count}-${i}`;
    if (partitionOf(customerStream(id), count) === index) ids.push(id);
  }
  return ids;
}

const list = async (t: TestApp) =>
  (await request(t.server).get('/v1/projections').set(bearer(t.keys.read)).expect(200)).body;

describe('GET /v1/projections over stored checkpoints and leases (no projector running)', () => {
  let t: TestApp;
  const [a] = customersIn(0, 4, 1);
  const [b] = customersIn(1, 4, 1);
  const [c] = customersIn(2, 4, 1);
  /** Positions of the appended events by customer, in order. */
  const at: Record<string, string[]> = {};
  const append = async (customer: string) => {
    const r = await t.store.appendToStream(customerStream(customer), [
      { id: randomUUID(), type: 'TouchpointRecorded', data: {} },
    ]);
    (at[customer] ??= []).push(formatPosition(r.position));
  };
  const checkpoint = (
    partition: number,
    position: string,
    processed: number,
    rate = 0,
    age = '0s',
  ) =>
    t.db.pool.query(
      `INSERT INTO projection_checkpoints (name, partition, position, events_processed, events_per_second, updated_at)
       VALUES ('journeys', $1, $2, $3, $4, now() - $5::interval)
       ON CONFLICT (name, partition) DO UPDATE SET position = EXCLUDED.position,
         events_processed = EXCLUDED.events_processed, events_per_second = EXCLUDED.events_per_second,
         updated_at = EXCLUDED.updated_at`,
      [partition, position, processed, rate, age],
    );

  beforeAll(async () => {
    t = await startTestApp();
    for (const customer of [a, b, b, c, c]) await append(customer);
  });
  afterAll(async () => t?.close());

  it('given no partitioning, then one partition, its lag read over every stream', async () => {
    await checkpoint(0, at[a][0], 1, 30);
    const [journeys] = await list(t);
    expect(journeys).toMatchObject({
      name: 'journeys',
      checkpoint: at[a][0],
      lagEvents: 4,
      status: 'catching-up',
      eventsPerSecond: 30,
      partitionCount: 1,
    });
    expect(journeys.partitions).toEqual([
      expect.objectContaining({ index: 0, checkpoint: at[a][0], lagEvents: 4, eventsProcessed: 1 }),
    ]);
  });

  it('given 4 partitions, then each partition with its own lag and lease, and the whole summed up', async () => {
    await t.db.pool.query(
      "INSERT INTO projection_partitioning (name, partitions) VALUES ('journeys', 4)",
    );
    await checkpoint(0, at[a][0], 1, 30, '1 minute');
    await checkpoint(1, at[b][0], 1, 40);
    await t.db.pool.query(
      `INSERT INTO projection_leases (projection, partition, owner, generation, expires_at) VALUES
         ('journeys', 0, 'host-a:11:aaaa', 2, now() + interval '1 minute'),
         ('journeys', 1, 'host-b:22:bbbb', 5, now() - interval '1 second')`,
    );
    const [journeys] = await list(t);
    const parts = journeys.partitions;
    expect(parts.map((p: { index: number }) => p.index)).toEqual([0, 1, 2, 3]);
    expect(parts[0]).toMatchObject({
      checkpoint: at[a][0],
      lagEvents: 0,
      lagMs: 0,
      // Its last commit is a minute old: no rate any more, and nothing behind, so not stalled.
      eventsPerSecond: 0,
      status: 'caught-up',
      lease: { owner: 'host-a:11:aaaa', generation: 2, held: true },
    });
    expect(parts[1]).toMatchObject({
      checkpoint: at[b][0],
      lagEvents: 1,
      eventsPerSecond: 40,
      // Committed just now, but its lease lapsed a second ago: its projector paused or died.
      status: 'stalled',
      lease: { owner: 'host-b:22:bbbb', generation: 5, held: false },
    });
    // Partitions no runner has started: listed, without a checkpoint.
    expect(parts[2]).toMatchObject({
      checkpoint: null,
      lagEvents: 2,
      status: 'stalled',
      lease: null,
    });
    expect(parts[3]).toMatchObject({ checkpoint: null, lagEvents: 0, status: 'caught-up' });
    expect(journeys).toMatchObject({
      checkpoint: at[a][0],
      eventsProcessed: 2,
      lagEvents: 3,
      lagEventsCapped: false,
      lagEventsEstimated: false,
      lagMs: Math.max(...parts.map((p: { lagMs: number }) => p.lagMs)),
      eventsPerSecond: 40,
      status: 'stalled',
      lease: parts[0].lease,
      partitionCount: 4,
    });
  });
});

describe('GET /v1/projections with the projector running 4 partitions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { projector: true, partitions: 4 });
  });
  afterAll(async () => t?.close());

  it('given touchpoints of customers in every partition, then every partition caught up at its own newest event', async () => {
    const customers = [0, 1, 2, 3].flatMap((index) => customersIn(index, 4, 2));
    await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .send({ touchpoints: customers.map((customerId) => touchpoint({ customerId })) })
      .expect(202);
    await t.settle();
    const { rows } = await t.db.pool.query<{ partition: number; events: number; last: string }>(
      `SELECT partition_hash % 4 AS partition, count(*)::int AS events,
              (array_agg(tx_id::text || '/' || seq ORDER BY tx_id DESC, seq DESC))[1] AS last
         FROM es_events GROUP BY 1 ORDER BY 1`,
    );
    expect(rows.map((r) => r.partition)).toEqual([0, 1, 2, 3]);
    const [journeys] = await list(t);
    expect(journeys.partitions).toEqual(
      rows.map((r) =>
        expect.objectContaining({
          index: r.partition,
          checkpoint: r.last,
          eventsProcessed: r.events,
          lagEvents: 0,
          status: 'caught-up',
          // One process: it holds every partition.
          lease: expect.objectContaining({
            owner: expect.stringContaining(`:${process.pid}:`),
            held: true,
          }),
        }),
      ),
    );
    expect(journeys).toMatchObject({
      partitionCount: 4,
      status: 'caught-up',
      lagEvents: 0,
      eventsProcessed: rows.reduce((n, r) => n + r.events, 0),
      checkpoint: rows[0].last,
    });
  });
});
