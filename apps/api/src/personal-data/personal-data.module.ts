import { Global, Module } from '@nestjs/common';
import { Pool } from 'pg';
import { EVENT_STORE, EventStore, PG_POOL } from '@journey/event-store';
import { CustomerKeys } from './customer-keys';
import { PersonalAttributes } from './personal-attributes';
import { PersonalData } from './personal-data.service';

/** Encryption of personal data per customer: used by ingestion, queries and audit. */
@Global()
@Module({
  providers: [
    {
      provide: PersonalData,
      inject: [PG_POOL, EVENT_STORE],
      useFactory: (pool: Pool, store: EventStore) =>
        new PersonalData(new CustomerKeys(pool), new PersonalAttributes(store)),
    },
  ],
  exports: [PersonalData],
})
export class PersonalDataModule {}
