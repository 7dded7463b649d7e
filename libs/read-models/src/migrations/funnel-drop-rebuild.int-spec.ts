import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../test/test-database';
import {
  migrateReadModels,
  READ_MODEL_MIGRATIONS,
  readModelDataSourceOptions,
} from '../data-source';

/** Migrates to just before the funnel_drop migration, runs `before`, then migrates the rest. */
async function upgrade(db: TestDatabase, before: () => Promise<void>) {
  const older = new DataSource({
    ...readModelDataSourceOptions(db.url, 2),
    migrations: READ_MODEL_MIGRATIONS.filter((m) => m.name !== 'FunnelDropRebuild1763900000012'),
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

describe('migration FunnelDropRebuild', () => {
  let db: TestDatabase;
  beforeEach(async () => (db = await createTestDatabase(2)));
  afterEach(async () => db?.drop());

  it('given a database that has projected events, then it requests a rebuild of the journeys', async () => {
    const rows = await upgrade(db, async () => {
      await db.pool.query(
        `INSERT INTO projection_checkpoints (name, position, events_processed) VALUES ('journeys', '5/1', 7)`,
      );
    });
    expect(rows).toEqual([{ name: 'journeys', status: 'requested' }]);
  });

  it('given a fresh database, then it requests nothing', async () => {
    expect(await upgrade(db, async () => undefined)).toEqual([]);
  });
});
