import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@journey/event-store';
import { inTransaction } from '@journey/postgres';
import { StoreTestDatabase, TestDatabase } from '../../../../test/test-database';
import {
  caughtUp,
  CountingProjection,
  countingSetup,
  lastOf,
} from '../../test/counting-projection';
import { assertLease, claimLease, LeaseLostError, releaseLease, renewLease } from './leases';
import { ProjectionRunner } from './projection-runner';

const append = (store: PostgresEventStore, stream: string, n: number) =>
  store.appendToStream(
    stream,
    Array.from({ length: n }, () => ({ id: randomUUID(), type: 'T', data: {} })),
  );

describe('projection leases', () => {
  let t: StoreTestDatabase;
  let db: TestDatabase;
  beforeAll(async () => ({ db } = t = await countingSetup()));
  afterAll(async () => t?.drop());

  it('given a held lease, another owner cannot claim it until it expires or is released; each claim is a new generation', async () => {
    const a = await claimLease(db.pool, 'p1', 0, 'a', 60_000);
    expect(a).toMatchObject({ owner: 'a', generation: 1 });
    expect(await claimLease(db.pool, 'p1', 0, 'b', 60_000)).toBeNull();
    // Another partition is another lease.
    expect(await claimLease(db.pool, 'p1', 1, 'b', 60_000)).toMatchObject({ generation: 1 });
    await releaseLease(db.pool, a!);
    const b = await claimLease(db.pool, 'p1', 0, 'b', 200);
    expect(b).toMatchObject({ owner: 'b', generation: 2 });
    expect(await renewLease(db.pool, a!, 60_000)).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    // Expired: taken over although b never released it.
    expect(await claimLease(db.pool, 'p1', 0, 'c', 60_000)).toMatchObject({ generation: 3 });
    expect(await renewLease(db.pool, b!, 60_000)).toBe(false);
  });

  it('given a lease taken over, a transaction of the old holder fails its check (fencing)', async () => {
    const old = await claimLease(db.pool, 'p2', 0, 'paused', 100);
    await new Promise((r) => setTimeout(r, 200));
    await claimLease(db.pool, 'p2', 0, 'standby', 60_000);
    await expect(inTransaction(db.pool, (tx) => assertLease(tx, old!))).rejects.toBeInstanceOf(
      LeaseLostError,
    );
  });

  it('given two runners with leases, only the holder applies; when it dies without releasing, the standby takes over within the lease time and every event counts exactly once', async () => {
    const store = new PostgresEventStore(db.pool, { pollIntervalMs: 50 });
    const ttlMs = 1500;
    const first = new CountingProjection(new Set());
    const second = new CountingProjection(new Set());
    const a = new ProjectionRunner(store, db.pool, first, {
      maxBatch: 50,
      maxWaitMs: 5,
      lease: { owner: 'a', ttlMs },
    });
    const b = new ProjectionRunner(store, db.pool, second, {
      maxBatch: 50,
      maxWaitMs: 5,
      lease: { owner: 'b', ttlMs },
    });
    a.start();
    await new Promise((r) => setTimeout(r, 100));
    b.start();
    try {
      for (let i = 0; i < 10; i++) await append(store, `count-${i % 5}`, 20);
      await caughtUp(db, await lastOf(store, 200));
      expect(a.heldLease?.owner).toBe('a');
      expect(b.heldLease).toBeNull();
      expect(second.batches).toBe(0);

      // a dies: nothing renews or releases its lease.
      await a.stop({ releaseLease: false });
      for (let i = 0; i < 10; i++) await append(store, `count-${i % 5}`, 20);
      await caughtUp(db, await lastOf(store, 400));
      expect(b.heldLease).toMatchObject({ owner: 'b', generation: 2 });
      expect(second.batches).toBeGreaterThan(0);
      const { rows } = await db.pool.query<{ n: number }>(
        'SELECT sum(n)::int AS n FROM test_counts',
      );
      expect(rows[0].n).toBe(400);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('given a runner whose lease another process took over, then it applies nothing more, and a clean stop hands the lease over at once', async () => {
    await db.pool.query('TRUNCATE test_counts');
    await db.pool.query(`DELETE FROM projection_leases WHERE projection = 'counting'`);
    await db.pool.query(`DELETE FROM projection_checkpoints WHERE name = 'counting'`);
    await db.pool.query(`TRUNCATE es_events, es_streams`);
    const store = new PostgresEventStore(db.pool, { pollIntervalMs: 50 });
    const projection = new CountingProjection(new Set());
    const runner = new ProjectionRunner(store, db.pool, projection, {
      maxBatch: 50,
      maxWaitMs: 5,
      lease: { owner: 'runner', ttlMs: 600 },
    });
    runner.start();
    try {
      await append(store, 'count-0', 30);
      await caughtUp(db, await lastOf(store, 30));
      // Taken over (as by a process that found the lease expired while this one was paused).
      await db.pool.query(
        `UPDATE projection_leases SET owner = 'thief', generation = generation + 1,
                expires_at = clock_timestamp() + interval '1 hour' WHERE projection = 'counting'`,
      );
      // A renewal (every 200 ms) finds out.
      for (let waited = 0; runner.heldLease !== null; waited += 50) {
        if (waited > 10_000) throw new Error('the runner did not notice it lost its lease');
        await new Promise((r) => setTimeout(r, 50));
      }
      await append(store, 'count-0', 30);
      await new Promise((r) => setTimeout(r, 500));
      const { rows } = await db.pool.query<{ n: number }>('SELECT n FROM test_counts');
      expect(rows).toEqual([{ n: 30 }]);
      expect(projection.forgotten).toBeGreaterThan(0);

      // The thief stops cleanly: the runner claims within a third of its lease time and catches up.
      await db.pool.query(
        `UPDATE projection_leases SET owner = NULL, expires_at = clock_timestamp() WHERE projection = 'counting'`,
      );
      await caughtUp(db, await lastOf(store, 60));
      expect(runner.heldLease).toMatchObject({ owner: 'runner', generation: 3 });
    } finally {
      await runner.stop();
    }
    const { rows: lease } = await db.pool.query(
      `SELECT owner FROM projection_leases WHERE projection = 'counting'`,
    );
    expect(lease).toEqual([{ owner: null }]);
  });
});
