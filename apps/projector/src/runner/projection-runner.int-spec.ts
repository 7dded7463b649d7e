import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@journey/event-store';
import { StoreTestDatabase, TestDatabase } from '../../../../test/test-database';
import { ProjectionRunner } from './projection-runner';
import {
  caughtUp,
  CountingProjection,
  countingSetup,
  lastOf,
} from '../../test/counting-projection';

describe('ProjectionRunner', () => {
  let t: StoreTestDatabase;
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => ({ db, store } = t = await countingSetup()));
  afterAll(async () => t?.drop());

  it('given crashes between the writes and the checkpoint, when it resumes, then every event counts exactly once', async () => {
    for (let i = 0; i < 40; i++) {
      await store.appendToStream(
        `count-${i % 20}`,
        Array.from({ length: 50 }, () => ({ id: randomUUID(), type: 'T', data: {} })),
      );
    }
    await store.appendToStream('other-1', [{ id: randomUUID(), type: 'T', data: {} }]);
    const projection = new CountingProjection(new Set([2, 5]));
    const runner = new ProjectionRunner(store, db.pool, projection, {
      maxBatch: 300,
      maxWaitMs: 20,
    });
    runner.start();
    // Stopped whatever happens: a runner left running keeps Jest from exiting.
    await caughtUp(db, await lastOf(store, 2000)).finally(() => runner.stop());
    const { rows } = await db.pool.query<{ stream: string; n: number }>(
      'SELECT stream, n FROM test_counts ORDER BY stream',
    );
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.n === 100)).toBe(true);
    expect(projection.batches).toBeGreaterThanOrEqual(2000 / 300 + 2); // the two crashed batches were retried
    const checkpoint = await db.pool.query(
      'SELECT events_processed FROM projection_checkpoints WHERE name = $1',
      ['counting'],
    );
    expect(Number(checkpoint.rows[0].events_processed)).toBe(2000);
    // Held state may describe rolled-back writes: the runner dropped it after each crash.
    expect(projection.forgotten).toBe(2);
  });
});

describe('adaptive batches', () => {
  let t: StoreTestDatabase;
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => ({ db, store } = t = await countingSetup()));
  afterAll(async () => t?.drop());

  const append = (stream: string, n: number) =>
    store.appendToStream(
      stream,
      Array.from({ length: n }, () => ({ id: randomUUID(), type: 'T', data: {} })),
    );

  it('given a backlog, batches double up to the largest; once caught up, a new burst starts small again', async () => {
    for (let i = 0; i < 8; i++) await append(`count-${i}`, 500);
    const projection = new CountingProjection(new Set());
    const runner = new ProjectionRunner(store, db.pool, projection, {
      maxBatch: 100,
      maxWaitMs: 2000,
      largestBatch: 1000,
    });
    runner.start();
    try {
      await caughtUp(db, await lastOf(store, 4000));
      expect(projection.sizes.slice(0, 5)).toEqual([100, 200, 400, 800, 1000]);
      expect(Math.max(...projection.sizes)).toBe(1000);
      expect(projection.sizes.reduce((a, b) => a + b)).toBe(4000);
      const before = projection.sizes.length;
      // Idle long enough for a read to come back empty, then a burst of 250.
      await new Promise((r) => setTimeout(r, 300));
      await append('count-0', 250);
      await caughtUp(db, await lastOf(store, 4250));
      expect(projection.sizes[before]).toBeLessThanOrEqual(100);
    } finally {
      await runner.stop();
    }
  });
});

describe('adaptive batches on a busy host', () => {
  let t: StoreTestDatabase;
  let db: TestDatabase;
  beforeAll(async () => (t = await countingSetup()));
  afterAll(async () => t?.drop());

  it('given pages that come later than a batch waits, batches keep growing while the subscription says more follows', async () => {
    ({ db } = t);
    const store = new PostgresEventStore(db.pool, { pageSize: 300 });
    for (let i = 0; i < 6; i++)
      await store.appendToStream(
        `count-${i}`,
        Array.from({ length: 500 }, () => ({ id: randomUUID(), type: 'T', data: {} })),
      );
    // Every page after the first arrives 100 ms late, past the batch's 30 ms wait.
    const slow = Object.create(store) as PostgresEventStore;
    slow.subscribeToAll = (options) => {
      const sub = store.subscribeToAll(options);
      let delivered = 0;
      return {
        get catchingUp() {
          return sub.catchingUp;
        },
        close: () => sub.close(),
        [Symbol.asyncIterator]() {
          const it = sub[Symbol.asyncIterator]();
          return {
            // Not async: an event that is ready must stay ready (the runner races it with 0 ms).
            next: () => {
              const late = delivered > 0 && delivered % 300 === 0 && sub.catchingUp;
              delivered++;
              if (!late) return it.next();
              return new Promise((r) => setTimeout(r, 100)).then(() => it.next());
            },
          };
        },
      };
    };
    const projection = new CountingProjection(new Set());
    const runner = new ProjectionRunner(slow, db.pool, projection, {
      maxBatch: 100,
      maxWaitMs: 30,
      largestBatch: 1000,
    });
    runner.start();
    try {
      await caughtUp(db, await lastOf(store, 3000));
      // Each late page cuts a batch at the page's end, but never sends the limit back to 100.
      expect(projection.sizes).toEqual([100, 200, ...Array(9).fill(300)]);
      expect(projection.sizes.reduce((a, b) => a + b)).toBe(3000);
    } finally {
      await runner.stop();
    }
  });
});

describe('two runners of one projection', () => {
  let t: StoreTestDatabase;
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => ({ db, store } = t = await countingSetup()));
  afterAll(async () => t?.drop());

  it('never apply the same batch twice: the checkpoint moves only from where a runner read it', async () => {
    const a = new ProjectionRunner(store, db.pool, new CountingProjection(new Set()), {
      maxBatch: 50,
      maxWaitMs: 5,
    });
    const b = new ProjectionRunner(store, db.pool, new CountingProjection(new Set()), {
      maxBatch: 50,
      maxWaitMs: 5,
    });
    a.start();
    b.start();
    for (let i = 0; i < 30; i++) {
      await store.appendToStream(
        `count-${i % 5}`,
        Array.from({ length: 20 }, () => ({ id: randomUUID(), type: 'T', data: {} })),
      );
    }
    await caughtUp(db, await lastOf(store, 600)).finally(() => Promise.all([a.stop(), b.stop()]));
    const { rows } = await db.pool.query<{ n: number }>('SELECT n FROM test_counts');
    expect(rows.map((r) => r.n)).toEqual([120, 120, 120, 120, 120]);
  });
});
