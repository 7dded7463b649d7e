export * from './event-store.port';
export * from './position';
export * from './errors';
export { MAX_PARTITIONS, partitionOf } from './partition';
export { InMemoryEventStore } from './in-memory/in-memory-event-store';
export {
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store';
export * from './runtime/store-config';
export * from './runtime/event-store.module';
export { createEventStore } from './runtime/create-event-store';
export * from './runtime/process-lifecycle';
export { PollingLoop } from './runtime/polling-loop';
export { type Clock, systemClock } from './runtime/clock';
export * from './runtime/logging';
