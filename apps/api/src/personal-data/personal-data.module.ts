import {
  DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Pool } from 'pg';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { PG_POOL } from '@journey/postgres';
import { CustomerKeys } from './customer-keys';
import { KeyEncryption } from './key-encryption';
import { KekSettings, loadKeyEncryption } from './load-kek';
import { CLOCK, Clock } from '../common/clock';
import { PersonalAttributes } from './personal-attributes';
import { PersonalData } from './personal-data.service';

/** Wraps the data keys left by an earlier key-encryption key (or none) once the app is up. */
class RewrapOnStart implements OnApplicationBootstrap {
  constructor(@Inject(PersonalData) private readonly personal: PersonalData) {}

  async onApplicationBootstrap(): Promise<void> {
    const rewrapped = await this.personal.keys.rewrap();
    if (rewrapped > 0)
      new Logger('PersonalData').log({ msg: 'data keys wrapped with the current key', rewrapped });
  }
}

/** Encryption of personal data per customer: used by ingestion, queries and audit. */
@Global()
@Module({})
export class PersonalDataModule {
  static forRoot(settings: KekSettings): DynamicModule {
    return {
      module: PersonalDataModule,
      providers: [
        { provide: KeyEncryption, useFactory: () => loadKeyEncryption(settings) },
        {
          provide: PersonalData,
          inject: [PG_POOL, EVENT_STORE, KeyEncryption, CLOCK],
          useFactory: (pool: Pool, store: EventStore, keks: KeyEncryption, clock: Clock) =>
            new PersonalData(new CustomerKeys(pool, keks), new PersonalAttributes(store, clock)),
        },
        RewrapOnStart,
      ],
      exports: [PersonalData],
    };
  }
}
