import { Logger } from '@nestjs/common';
import { Pool, PoolConfig } from 'pg';

const logger = new Logger('PostgresPool');

/**
 * A pg Pool that survives a server restart: an idle client's error (the server closed the
 * connection) is logged instead of crashing the process; the pool reconnects on the next query.
 */
export function createPool(config: PoolConfig): Pool {
  const pool = new Pool(config);
  pool.on('error', (err) =>
    logger.warn({ msg: 'idle PostgreSQL connection lost', error: err.message }),
  );
  return pool;
}
