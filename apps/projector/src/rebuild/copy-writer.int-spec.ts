import { createTestDatabase, TestDatabase } from '../../../../test/test-database';
import { CopyWriter } from './copy-writer';

describe('CopyWriter over PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(2);
    await db.pool.query('CREATE TABLE copied (n int NOT NULL, pad text NOT NULL)');
  });
  afterAll(async () => db?.drop());
  beforeEach(async () => db.pool.query('TRUNCATE copied'));

  const copy = async (options: { maxTransactionMs?: number }) => {
    const client = await db.pool.connect();
    try {
      const out = new CopyWriter(client, 'copied', ['n', 'pad'], options);
      // About 1.2 MB: several 256 KiB chunks, each a point where a COPY may be cut.
      for (let n = 0; n < 20_000; n++) await out.write([n, `row\t${n}\n`.padEnd(60, 'x')]);
      return { rows: await out.end(), statements: out.statements };
    } finally {
      client.release();
    }
  };
  const stored = async () =>
    (
      await db.pool.query<{ rows: number; distinct: number; transactions: number }>(
        `SELECT count(*)::int AS rows, count(DISTINCT n)::int AS distinct,
                count(DISTINCT xmin::text)::int AS transactions FROM copied`,
      )
    ).rows[0];

  it('given no time limit, then every row goes in with one COPY, in one transaction', async () => {
    expect(await copy({})).toEqual({ rows: 20_000, statements: 1 });
    expect(await stored()).toEqual({ rows: 20_000, distinct: 20_000, transactions: 1 });
  });

  it('given a time limit outside a transaction, then the COPYs are cut and commit one by one, losing no row', async () => {
    const { rows, statements } = await copy({ maxTransactionMs: 0 });
    expect(rows).toBe(20_000);
    expect(statements).toBeGreaterThanOrEqual(4);
    expect(await stored()).toEqual({ rows: 20_000, distinct: 20_000, transactions: statements });
    const { rows: text } = await db.pool.query<{ pad: string }>(
      'SELECT pad FROM copied WHERE n = 12345',
    );
    expect(text[0].pad.startsWith('row\t12345\n')).toBe(true);
  });
});
