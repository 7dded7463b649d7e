import { randomUUID } from 'node:crypto';
import { collect } from '../../test/contract-helpers';
import { createStoreTestDatabase, StoreTestDatabase } from '../../../../test/test-database';
import { createPool } from '@journey/postgres';
import { PostgresEventStore } from './postgres-event-store';

const ev = () => ({ id: randomUUID(), type: 'T', data: {} });

/** Ends every other session of the test's database, as a restart or kill -9 would. */
const TERMINATE_OTHERS = `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
  WHERE pid <> pg_backend_pid() AND datname = current_database()`;

describe('Connections the server ends fail the work at hand, never the process', () => {
  let t: StoreTestDatabase;
  beforeAll(async () => (t = await createStoreTestDatabase(4)));
  afterAll(async () => t?.drop());

  /** Waits until no other session of the database is left (terminations are asynchronous). */
  const terminateOthers = async () => {
    const admin = createPool({ connectionString: t.db.url, max: 1 });
    try {
      await admin.query(TERMINATE_OTHERS);
    } finally {
      await admin.end();
    }
  };

  it('a checked-out client whose session is terminated: its query fails, the pool carries on', async () => {
    const client = await t.db.pool.connect();
    // pg-pool drops its own error listener while a client is checked out: an 'error' here
    // once reached the process as an unhandled event.
    const ended = new Promise((resolve) => client.once('end', resolve));
    await terminateOthers();
    await ended;
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release(new Error('lost'));
    expect((await t.db.pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });

  it('a subscription listening from another process listens again and delivers what follows', async () => {
    // Another process's view: its own pool and store, and no polling to fall back on.
    const theirs = createPool({ connectionString: t.db.url, max: 2 });
    const subscriber = new PostgresEventStore(theirs, { pollIntervalMs: 60_000 });
    const prefix = `lost-${randomUUID().slice(0, 8)}-`;
    const sub = subscriber.subscribeToAll({ streamPrefix: prefix });
    try {
      await t.store.appendToStream(prefix + 'a', [ev()]);
      expect(await collect(sub, 1, 30_000)).toHaveLength(1);
      // Waiting (asleep until a notification, polling only a minute later) when its session ends.
      const next = collect(sub, 1, 30_000);
      await new Promise((r) => setTimeout(r, 300));
      await terminateOthers();
      await new Promise((r) => setTimeout(r, 300));
      // The appending side's pool lost its sessions too: its first try may fail.
      await t.store.appendToStream(prefix + 'b', [ev()]).catch(() => undefined);
      await t.store.appendToStream(prefix + 'b', [ev()]);
      expect((await next).map((e) => e.stream)).toEqual([prefix + 'b']);
    } finally {
      await sub.close();
      await theirs.end();
    }
  });
});
