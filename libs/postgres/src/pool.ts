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
 * How long a query (a promise query, not a cursor or COPY stream) may go unanswered before its
 * connection is dropped: it then fails as "Connection terminated" (a 503 in the API) and the pool
 * discards the client. A paused (SIGSTOP) or wedged server otherwise holds requests forever, since
 * its kernel keeps the TCP connection alive. Armed once the process has started: schema changes
 * and migrations at start may rightly run for minutes.
 */
export class QueryDeadline {
  private armed = false;
  constructor(private readonly ms: number) {}

  arm(): void {
    this.armed = true;
  }

  /** The deadline now, or undefined (not armed, or 0: none). */
  get current(): number | undefined {
    return this.armed && this.ms > 0 ? this.ms : undefined;
  }
}

/** A ClientConfig (or a PoolConfig, which pg-pool hands to each client) with a query deadline. */
export interface DeadlineConfig extends ClientConfig {
  readonly queryDeadline?: QueryDeadline;
}

/**
 * A pg Client that never crashes the process: pg emits 'error' when the server ends a connection
 * (a restart, pg_terminate_backend, kill -9), and pg-pool removes its own listener while a client
 * is checked out, so an unlucky moment left the event unhandled. The error still fails the
 * client's current query and makes it unqueryable (the pool then discards it on release).
 */
export class ResilientClient extends Client {
  constructor(config: DeadlineConfig = {}) {
    super({
      ...config,
      connectionTimeoutMillis: config.connectionTimeoutMillis ?? CONNECT_TIMEOUT_MS,
    });
    // Debug only: the query it fails reports it, and the pool logs an idle client's loss.
    this.on('error', (err: Error) =>
      logger.debug({ msg: 'PostgreSQL connection lost', error: err.message }),
    );
    if (config.queryDeadline) this.bindDeadline(config.queryDeadline);
  }

  private bindDeadline(deadline: QueryDeadline): void {
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => {
      const deadlineMs = deadline.current;
      // Cursors and COPY streams (submittables) may rightly run for minutes.
      if (!deadlineMs || typeof (args[0] as { submit?: unknown } | null)?.submit === 'function') {
        return query(...args);
      }
      const timer = setTimeout(() => this.dropConnection(deadlineMs), deadlineMs);
      const last = args.length - 1;
      // pg-pool's pool.query passes a callback; our own code awaits the promise.
      if (typeof args[last] === 'function') {
        const callback = args[last] as (...r: unknown[]) => void;
        args[last] = (...r: unknown[]) => (clearTimeout(timer), callback(...r));
        return query(...args);
      }
      return (query(...args) as Promise<unknown>).finally(() => clearTimeout(timer));
    }) as Client['query'];
  }

  /** pg then fails the query in flight and any queued one, and marks the client unqueryable. */
  private dropConnection(deadlineMs: number): void {
    logger.warn({ msg: 'PostgreSQL query past its deadline: connection dropped', deadlineMs });
    (
      this as unknown as { connection: { stream: { destroy(): void } } }
    ).connection.stream.destroy();
  }
}

/**
 * A pg Pool that survives a server restart: its clients are ResilientClients, an idle client's
 * error is logged, and the pool reconnects on the next query.
 */
export function createPool(config: PoolConfig & DeadlineConfig): Pool {
  const pool = new Pool({ ...config, Client: ResilientClient });
  pool.on('error', (err) =>
    logger.warn({ msg: 'idle PostgreSQL connection lost', error: err.message }),
  );
  return pool;
}
