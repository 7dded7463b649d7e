import { createTestDatabase, TestDatabase } from '../../../test/test-database';
import { createPool } from './pool';
import { inTransaction } from './transaction';

describe('inTransaction (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase(2)));
  afterAll(async () => db?.drop());

  it('given the server ends the connection between two statements (a paused process past idle_in_transaction_session_timeout), then the transaction fails, the process lives on and the pool serves again', async () => {
    const pool = createPool({
      connectionString: db.url,
      max: 1,
      idle_in_transaction_session_timeout: 200,
    });
    try {
      const failed = inTransaction(pool, async (tx) => {
        await tx.query('SELECT 1');
        // Longer than the server waits for a transaction doing nothing.
        await new Promise((r) => setTimeout(r, 600));
        await tx.query('SELECT 2');
      });
      await expect(failed).rejects.toThrow();
      // The broken connection was discarded: the pool's one slot works again.
      const { rows } = await pool.query<{ n: number }>('SELECT 3 AS n');
      expect(rows).toEqual([{ n: 3 }]);
    } finally {
      await pool.end();
    }
  });
});
