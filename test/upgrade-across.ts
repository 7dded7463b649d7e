import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from './test-database';
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

/**
 * The setup of a migration's tests, for a describe block: a fresh database per test, and the
 * rule every migration that changes how journeys are projected keeps, as a test of its own: a
 * database that has projected events gets a rebuild of the journeys requested.
 */
export function migrationRequestingRebuild(migration: string): {
  db(): TestDatabase;
  upgrade(before: () => Promise<void>): Promise<{ name: string; status: string }[]>;
  projected(): Promise<unknown>;
} {
  let db: TestDatabase | undefined;
  const current = () => {
    if (!db) throw new Error('migrationRequestingRebuild: the database is made per test');
    return db;
  };
  const projected = () =>
    current().pool.query(
      `INSERT INTO projection_checkpoints (name, position, events_processed) VALUES ('journeys', '5/1', 7)`,
    );
  const upgrade = (before: () => Promise<void>) => upgradeAcross(current(), migration, before);
  beforeEach(async () => (db = await createTestDatabase(2)));
  afterEach(async () => db?.drop());

  it('given a database that has projected events, then it requests a rebuild of the journeys', async () => {
    const rows = await upgrade(async () => {
      await projected();
    });
    expect(rows).toEqual([{ name: 'journeys', status: 'requested' }]);
  });
  return { db: current, upgrade, projected };
}
