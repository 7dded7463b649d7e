import { DataSource } from 'typeorm';
import type { TestDatabase } from './test-database';
import {
  migrateReadModels,
  READ_MODEL_MIGRATIONS,
  readModelDataSourceOptions,
} from '../libs/read-models/src/data-source';

/**
 * For migration tests: migrates to just before `migration`, runs `before` (a database as it was),
 * then migrates the rest; the rebuild requests found at the end.
 */
export async function upgradeAcross(
  db: TestDatabase,
  migration: string,
  before: () => Promise<void>,
): Promise<{ name: string; status: string }[]> {
  const older = new DataSource({
    ...readModelDataSourceOptions(db.url, 2),
    migrations: READ_MODEL_MIGRATIONS.filter((m) => m.name !== migration),
  });
  await older.initialize();
  await migrateReadModels(older);
  await older.destroy();
  await before();
  const current = new DataSource(readModelDataSourceOptions(db.url, 2));
  await current.initialize();
  await migrateReadModels(current);
  await current.destroy();
  const { rows } = await db.pool.query<{ name: string; status: string }>(
    'SELECT name, status FROM projection_rebuilds',
  );
  return rows;
}
