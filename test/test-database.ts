import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { createPool } from '../libs/postgres/src/pool';
import { TEST_ADMIN_URL_ENV, testAdminUrl } from './test-admin-url';
import {
  PostgresEventStore,
  PostgresEventStoreOptions,
} from '../libs/event-store/src/postgres/postgres-event-store';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly pool: Pool;
  drop(): Promise<void>;
}

/**
 * A fresh database per test file, so files run in parallel without seeing each other's rows. With
 * `template`, a copy of that database (which must have no open connections): cheaper than setting
 * up schemas again when a test needs many databases.
 */
export async function createTestDatabase(
  poolSize = 20,
  options: { template?: string } = {},
): Promise<TestDatabase> {
  const adminUrl = testAdminUrl();
  if (!adminUrl)
    throw new Error(`${TEST_ADMIN_URL_ENV} is not set: run tests through jest's globalSetup`);
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(
    `CREATE DATABASE ${name}${options.template ? ` TEMPLATE ${options.template}` : ''}`,
  );
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const pool = createPool({ connectionString: url, max: poolSize });
  let dropped = false;
  return {
    name,
    url,
    pool,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      if (!pool.ended) await pool.end();
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface StoreTestDatabase {
  readonly db: TestDatabase;
  readonly store: PostgresEventStore;
  /** Closes the store, then drops the database. */
  drop(): Promise<void>;
}

/** A fresh database holding the PostgreSQL event store's schema, and a store over it. */
export async function createStoreTestDatabase(
  poolSize = 20,
  options: PostgresEventStoreOptions = {},
): Promise<StoreTestDatabase> {
  const db = await createTestDatabase(poolSize);
  const store = new PostgresEventStore(db.pool, options);
  await store.ensureSchema();
  return {
    db,
    store,
    drop: async () => {
      await store.close();
      await db.drop();
    },
  };
}
