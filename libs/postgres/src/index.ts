export { CONNECT_TIMEOUT_MS, createPool, QueryDeadline, ResilientClient } from './pool';
export type { DeadlineConfig } from './pool';
export { PG_POOL, pgPoolProvider } from './pool.provider';
export { inTransaction } from './transaction';
export { isStoreUnavailable } from './connection-errors';
export * from './database';
export {
  EmbeddedPostgresError,
  type EmbeddedPostgresHandle,
  type EmbeddedPostgresOptions,
  runningEmbeddedUrl,
  startEmbeddedPostgres,
} from './embedded/embedded-postgres';
export { runMigrationsLocked } from './migrations';
export { isUniqueViolation } from './unique-violation';
