import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL, pgPoolProvider, QueryDeadline } from '@journey/postgres';
import { EVENT_STORE, EventStore } from '../event-store.port';
import { createEventStore } from './create-event-store';
import { StoreEnvironment } from './store-config';

/**
 * Provides the PostgreSQL pool (read models, and the store by default) and the event store port.
 * It registers the pool (from @journey/postgres) itself: on shutdown the store closes first, then
 * the pool, whose end would otherwise wait for the store's listener connection.
 */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** `decorate` wraps the adapter (metrics) while keeping the port. */
  static forRoot(
    env: StoreEnvironment,
    databaseUrl: string,
    decorate: (store: EventStore) => EventStore = (store) => store,
    queryDeadline?: QueryDeadline,
  ): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        pgPoolProvider({
          connectionString: databaseUrl,
          max: env.PG_POOL_SIZE,
          queryDeadline,
        }),
        {
          provide: EVENT_STORE,
          inject: [PG_POOL],
          useFactory: async (pool: Pool) => decorate(await createEventStore(env, pool)),
        },
      ],
      exports: [PG_POOL, EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.pool.end();
  }
}
