import { randomUUID } from 'node:crypto';
import { collect } from '../../test/contract-helpers';
import { expectHeldBehindOpenTransaction } from '../../test/open-transaction';
import { createStoreTestDatabase, StoreTestDatabase } from '../../../../test/test-database';
import { RecordedEvent } from '../event-store.port';
import { partitionOf } from '../partition';
import { comparePositions } from '../position';
import { PostgresEventStore } from './postgres-event-store';

const ev = (type = 'W') => ({ id: randomUUID(), type, data: {} });
const ids = (events: readonly RecordedEvent[]) => events.map((e) => e.id);
const COUNT = 3;

describe('PostgreSQL partitioned subscriptions', () => {
  let t: StoreTestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    t = await createStoreTestDatabase(20);
    // Small pages: many pages are read while the writers run.
    store = new PostgresEventStore(t.db.pool, { pageSize: 50, pollIntervalMs: 60_000 });
  });
  afterAll(async () => t?.drop());

  it('given 8 concurrent writers on 40 streams, each partition subscription gets every event of its streams once, in global order, also across a resume', async () => {
    const prefix = `conc-${randomUUID().slice(0, 8)}-`;
    const streams = Array.from({ length: 40 }, (_, i) => `${prefix}${i}`);
    // Decided up front, so each partition's total is known before anything is written.
    const plan = Array.from({ length: 8 }, (_, w) =>
      Array.from({ length: 60 }, (_, i) => ({
        stream: streams[(w * 13 + i * 7) % streams.length],
        size: 1 + ((w + i) % 6),
      })),
    );
    const total = (index: number) =>
      plan
        .flat()
        .filter((a) => partitionOf(a.stream, COUNT) === index)
        .reduce((n, a) => n + a.size, 0);

    const subs = [0, 1, 2].map((index) =>
      store.subscribeToAll({ streamPrefix: prefix, partition: { count: COUNT, index } }),
    );
    // Half of each partition is taken while the writers run; the rest after a resume.
    const firstHalves = subs.map((sub, index) => collect(sub, Math.floor(total(index) / 2)));
    await Promise.all(
      plan.map(async (appends) => {
        for (const a of appends) {
          await store.appendToStream(
            a.stream,
            Array.from({ length: a.size }, () => ev()),
          );
        }
      }),
    );
    const halves = await Promise.all(firstHalves);
    await Promise.all(subs.map((s) => s.close()));

    const all = await t.store.readAll({ streamPrefix: prefix, maxCount: 100_000 });
    expect(all).toHaveLength([0, 1, 2].reduce((n, i) => n + total(i), 0));
    for (const index of [0, 1, 2]) {
      const half = halves[index];
      const resumed = t.store.subscribeToAll({
        streamPrefix: prefix,
        partition: { count: COUNT, index },
        fromPosition: half[half.length - 1]?.position,
      });
      const rest = await collect(resumed, total(index) - half.length);
      const extra = await collect(resumed, 1, 300);
      await resumed.close();
      const delivered = [...half, ...rest, ...extra];
      expect(delivered.length).toBe(total(index));
      // Nothing skipped or repeated, in global order: exactly the unpartitioned read's share.
      expect(ids(delivered)).toEqual(
        ids(all.filter((e) => partitionOf(e.stream, COUNT) === index)),
      );
      for (let i = 1; i < delivered.length; i++) {
        expect(comparePositions(delivered[i - 1].position, delivered[i].position)).toBe(-1);
      }
    }
  });

  it('given a transaction of the partition that appended but has not committed, when a later one commits, then neither is delivered until the first commits', async () => {
    const prefix = `slow-part-${randomUUID().slice(0, 8)}-`;
    const [a, b] = Array.from({ length: 60 }, (_, i) => `${prefix}${i}`).filter(
      (s) => partitionOf(s, COUNT) === partitionOf(`${prefix}0`, COUNT),
    );
    const sub = store.subscribeToAll({
      streamPrefix: prefix,
      partition: { count: COUNT, index: partitionOf(a, COUNT) },
    });
    await expectHeldBehindOpenTransaction(t.db.pool, store, sub, [a, b]);
  });
});
