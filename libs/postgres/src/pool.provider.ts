import { FactoryProvider } from '@nestjs/common';
import { Pool, PoolConfig } from 'pg';
import { createPool, DeadlineConfig } from './pool';

/** The Nest token of the process's PostgreSQL pool (read models, and the event store by default). */
export const PG_POOL = Symbol('PG_POOL');

/**
 * The provider of PG_POOL. The module that registers it ends the pool on shutdown, after closing
 * what still uses it (the event store's listener holds a pooled connection).
 */
export function pgPoolProvider(config: PoolConfig & DeadlineConfig): FactoryProvider<Pool> {
  return { provide: PG_POOL, useFactory: () => createPool(config) };
}
