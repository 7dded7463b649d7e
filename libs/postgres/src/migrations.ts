import { DataSource } from 'typeorm';

/**
 * Runs a TypeORM data source's pending migrations, each in its own transaction; a session advisory
 * lock on `lockKey` keeps two starting processes from racing.
 */
export async function runMigrationsLocked(dataSource: DataSource, lockKey: number): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [lockKey]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [lockKey]).catch(() => undefined);
    await runner.release();
  }
}
