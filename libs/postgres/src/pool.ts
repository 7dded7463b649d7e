import { Logger } from '@nestjs/common';
import { Client, ClientConfig, Pool, PoolConfig } from 'pg';

const logger = new Logger('PostgresPool');

/**
 * How long opening a connection may take: a server that is down or paused fails the request (a
 * 503) instead of holding it. Per connection, not per wait for a pooled one (pg-pool's option of
 * the same name would also time out a busy pool's queue under load).
 */
export const CONNECT_TIMEOUT_MS = 2000;

/**
 * A pg Client that never crashes the process: pg emits 'error' when the server ends a connection
 * (a restart, pg_terminate_backend, kill -9), and pg-pool removes its own listener while a client
 * is checked out, so an unlucky moment left the event unhandled. The error still fails the
 * client's current query and makes it unqueryable (the pool then discards it on release).
 */
export class ResilientClient extends Client {
  constructor(config: ClientConfig = {}) {
    super({
      ...config,
      connectionTimeoutMillis: config.connectionTimeoutMillis ?? CONNECT_TIMEOUT_MS,
    });
    // Debug only: the query it fails reports it, and the pool logs an idle client's loss.
    this.on('error', (err: Error) =>
      logger.debug({ msg: 'PostgreSQL connection lost', error: err.message }),
    );
  }
}

/**
 * A pg Pool that survives a server restart: its clients are ResilientClients, an idle client's
 * error is logged, and the pool reconnects on the next query.
 */
export function createPool(config: PoolConfig): Pool {
  const pool = new Pool({ ...config, Client: ResilientClient });
  pool.on('error', (err) =>
    logger.warn({ msg: 'idle PostgreSQL connection lost', error: err.message }),
  );
  return pool;
}
