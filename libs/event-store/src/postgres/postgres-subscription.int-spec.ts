import { randomUUID } from 'node:crypto';
import { collect } from '../../test/contract-helpers';
import { expectHeldBehindOpenTransaction } from '../../test/open-transaction';
import {
  createStoreTestDatabase,
  StoreTestDatabase,
  TestDatabase,
} from '../../../../test/test-database';
import { createPool } from '@journey/postgres';
import { PostgresEventStore } from './postgres-event-store';

const ev = (type = 'T') => ({ id: randomUUID(), type, data: {} });

describe('PostgreSQL subscriptions', () => {
  let t: StoreTestDatabase;
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    t = await createStoreTestDatabase(20, { pollIntervalMs: 60_000 });
    ({ db, store } = t);
  });
  afterAll(async () => t?.drop());

  it('given a transaction that appended but has not committed, when a later one commits, then neither is delivered until the first commits, and both arrive in order', async () => {
    const prefix = `slow-${randomUUID().slice(0, 8)}-`;
    const sub = store.subscribeToAll({ streamPrefix: prefix });
    await expectHeldBehindOpenTransaction(db.pool, store, sub, [prefix + 'a', prefix + 'b']);
  });

  it('tells a consumer whether it is catching up: true while a next page is on its way, false once caught up', async () => {
    const prefix = `pages-${randomUUID().slice(0, 8)}-`;
    const paged = new PostgresEventStore(db.pool, { pageSize: 10, pollIntervalMs: 60_000 });
    await paged.appendToStream(
      prefix + 'a',
      Array.from({ length: 25 }, () => ev()),
    );
    const sub = paged.subscribeToAll({ streamPrefix: prefix });
    const it = sub[Symbol.asyncIterator]();
    try {
      const seen: boolean[] = [];
      for (let i = 0; i < 25; i++) {
        await it.next();
        seen.push(sub.catchingUp!);
      }
      // Pages of 10, 10 and 5: a next page follows the two full ones, none the short one.
      expect(seen.slice(0, 20).every(Boolean)).toBe(true);
      expect(seen.slice(20)).toEqual([false, false, false, false, false]);
    } finally {
      await sub.close();
    }
  });

  it('wakes on appends made by another process (NOTIFY), without waiting for the poll', async () => {
    const otherPool = createPool({ connectionString: db.url, max: 2 });
    const other = new PostgresEventStore(otherPool);
    const prefix = `notify-${randomUUID().slice(0, 8)}-`;
    const sub = store.subscribeToAll({ streamPrefix: prefix });
    try {
      await collect(sub, 1, 300); // subscribed and idle (poll interval is a minute)
      await other.appendToStream(prefix + '1', [ev('from-other-process')]);
      expect((await collect(sub, 1, 10_000)).map((e) => e.type)).toEqual(['from-other-process']);
    } finally {
      await sub.close();
      await other.close();
      await otherPool.end();
    }
  });

  it('survives dropped connections: every event exactly once, in order', async () => {
    const prefix = `drop-${randomUUID().slice(0, 8)}-`;
    const sub = store.subscribeToAll({ streamPrefix: prefix });
    const killer = createPool({ connectionString: db.url, max: 1 });
    let killing = true;
    let kills = 0;
    const chaos = (async () => {
      while (killing) {
        const { rowCount } = await killer.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        kills += rowCount ?? 0;
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const appended = await writeThroughFailures(store, prefix, 4, 300);
    killing = false;
    await chaos;
    await killer.end();
    const delivered = await collect(sub, appended.length, 20_000);
    await sub.close();
    expect(kills).toBeGreaterThan(0);
    expect(delivered.map((e) => e.id).sort()).toEqual([...appended].sort());
  });
});

/** Writers that retry each failed append with the same ids: the retry is idempotent. */
async function writeThroughFailures(
  store: PostgresEventStore,
  prefix: string,
  writers: number,
  appendsPerWriter: number,
): Promise<string[]> {
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < appendsPerWriter; i++) {
        const batch = [ev('W'), ev('W')];
        for (let attempt = 0; ; attempt++) {
          try {
            await store.appendToStream(`${prefix}${(w + i) % 10}`, batch);
            break;
          } catch (err) {
            if (attempt > 50) throw err;
          }
        }
        ids.push(...batch.map((e) => e.id));
      }
    }),
  );
  return ids;
}
