import { Pool } from 'pg';
import { EventStore } from '../event-store.port';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { StoreEnvironment } from './store-config';

/** The adapter chosen by EVENT_STORE; the PostgreSQL one creates its schema first. */
export async function createEventStore(env: StoreEnvironment, pool: Pool): Promise<EventStore> {
  if (env.EVENT_STORE === 'eventstoredb') {
    const { createEventStoreDbEventStore } =
      await import('../eventstoredb/eventstoredb-event-store');
    return createEventStoreDbEventStore(env.EVENTSTORE_CONNECTION_STRING!);
  }
  const store = new PostgresEventStore(pool);
  await store.ensureSchema();
  return store;
}
