import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '@journey/event-store';
import { createPool } from '@journey/postgres';
import { migrateReadModels, readModelDataSourceOptions } from '@journey/read-models';

/** A new empty database on the bench server; returns its URL. */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A new database with the store's schema and the read models migrated, and a store on it. */
export async function freshProjectionDatabase(adminUrl: string, name: string, poolMax: number) {
  const url = await freshDatabase(adminUrl, name);
  const pool = createPool({ connectionString: url, max: poolMax });
  const store = new PostgresEventStore(pool, { pageSize: 5000 });
  await store.ensureSchema();
  const ds = new DataSource(readModelDataSourceOptions(url, 2));
  await ds.initialize();
  await migrateReadModels(ds);
  await ds.destroy();
  return { url, pool, store };
}
