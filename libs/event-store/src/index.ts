export * from './event-store.port';
export * from './position';
export * from './errors';
export {
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store';
