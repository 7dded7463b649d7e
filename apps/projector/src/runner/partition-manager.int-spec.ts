import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@journey/event-store';
import { StoreTestDatabase, TestDatabase } from '../../../../test/test-database';
import { CountingProjection, countingSetup } from '../../test/counting-projection';
import { PartitionManager } from './partition-manager';

const TTL_MS = 1500;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  for (const end = Date.now() + timeoutMs; Date.now() < end;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('partition managers (issue 15: several processes share a projection)', () => {
  let t: StoreTestDatabase;
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    ({ db } = t = await countingSetup());
    store = new PostgresEventStore(db.pool, { pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await store?.close();
    await t?.drop();
  });

  const manager = (owner: string, partitions: number) =>
    new PartitionManager(
      store,
      db.pool,
      { name: 'counting', make: (partition) => new CountingProjection(new Set(), partition) },
      { owner, ttlMs: TTL_MS, partitions, runner: { maxBatch: 20, maxWaitMs: 5 } },
    );
  const held = (m: PartitionManager) =>
    m.active
      .filter((r) => r.heldLease)
      .map((r) => r.partition.index)
      .sort();
  let appended = 0;
  const append = async (streams: number) => {
    for (let s = 0; s < streams; s++) {
      await store.appendToStream(`count-${s}`, [{ id: randomUUID(), type: 'T', data: {} }]);
      appended++;
    }
  };
  const counted = async () => {
    const { rows } = await db.pool.query<{ n: number }>(
      'SELECT coalesce(sum(n), 0)::int AS n FROM test_counts',
    );
    return rows[0].n;
  };

  it('given one process, it takes every partition; a second joins and they split them; the first crashes and the second takes all; each event counts once throughout', async () => {
    const a = manager('a', 4);
    const b = manager('b', 4);
    a.start();
    try {
      await until('a to hold all four', async () => held(a).length === 4);
      await append(30);
      await until('30 counted', async () => (await counted()) === appended);

      b.start();
      await until('a and b to hold two each', async () => {
        return held(a).length === 2 && held(b).length === 2;
      });
      expect([...held(a), ...held(b)].sort()).toEqual([0, 1, 2, 3]);
      await append(30);
      await until('60 counted', async () => (await counted()) === appended);

      // A crash: nothing released; b takes a's partitions once their leases expire.
      await a.stop({ releaseLeases: false });
      await append(30);
      await until('b to hold all four', async () => held(b).length === 4);
      await until('90 counted', async () => (await counted()) === appended);
      // Each stream got exactly its events: nothing counted twice by a takeover.
      const { rows } = await db.pool.query<{ n: number }>('SELECT DISTINCT n FROM test_counts');
      expect(rows).toEqual([{ n: 3 }]);
    } finally {
      await a.stop();
      await b.stop();
    }
  }, 60_000);

  it('given the partition count changed (a rebuild), the process replaces its runners with the new count', async () => {
    await db.pool.query("DELETE FROM projection_partitioning WHERE name = 'counting'");
    const m = manager('solo', 2);
    m.start();
    try {
      await until('two partitions', async () => held(m).length === 2);
      await db.pool.query(
        "UPDATE projection_partitioning SET partitions = 3 WHERE name = 'counting'",
      );
      await until('three partitions', async () => held(m).length === 3);
      expect(m.partitionCount).toBe(3);
      expect(m.active.every((r) => r.partition.count === 3)).toBe(true);
    } finally {
      await m.stop();
    }
  }, 60_000);
});
