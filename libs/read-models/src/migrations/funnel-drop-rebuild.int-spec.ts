import { createTestDatabase, TestDatabase } from '../../../../test/test-database';
import { upgradeAcross } from '../../../../test/upgrade-across';

const upgrade = (db: TestDatabase, before: () => Promise<void>) =>
  upgradeAcross(db, 'FunnelDropRebuild1763900000012', before);

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
