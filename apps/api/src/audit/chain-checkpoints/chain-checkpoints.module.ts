import { DynamicModule, Module } from '@nestjs/common';
import { Pool } from 'pg';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { PG_POOL } from '@journey/postgres';
import { CLOCK, Clock } from '../../common/clock';
import { AuditModule } from '../audit.module';
import { ChainCheckpoints } from './chain-checkpoints';
import { ChainCheckpointsController } from './chain-checkpoints.controller';
import { ChainCheckpointWorker } from './checkpoint-worker';
import { GetLatestChainCheckpointHandler } from './latest-checkpoint.handler';
import { loadSigningKey, SigningKeySettings } from './signing-key';

export interface ChainCheckpointSettings extends SigningKeySettings {
  /** 0: this process makes none. */
  readonly CHAIN_CHECKPOINT_SECONDS: number;
  readonly CHAIN_CHECKPOINT_DIR?: string;
}

/** Signed checkpoints of the hash chains: made periodically, exported over HTTP. */
@Module({})
export class ChainCheckpointsModule {
  static forRoot(settings: ChainCheckpointSettings): DynamicModule {
    // Loaded on first use: a process that makes none never needs the key.
    let key: ReturnType<typeof loadSigningKey> | null = null;
    return {
      module: ChainCheckpointsModule,
      // The access log, for the export's entry.
      imports: [AuditModule],
      controllers: [ChainCheckpointsController],
      providers: [
        {
          provide: ChainCheckpoints,
          inject: [PG_POOL, EVENT_STORE],
          useFactory: (pool: Pool, store: EventStore) =>
            new ChainCheckpoints(pool, store, { directory: settings.CHAIN_CHECKPOINT_DIR }),
        },
        {
          provide: ChainCheckpointWorker,
          inject: [ChainCheckpoints, CLOCK],
          useFactory: (checkpoints: ChainCheckpoints, clock: Clock) =>
            new ChainCheckpointWorker(
              checkpoints,
              // A failed load is tried again at the next look (a key file mounted late).
              () =>
                (key ??= loadSigningKey(settings).catch((err: unknown) => {
                  key = null;
                  throw err;
                })),
              clock,
              settings.CHAIN_CHECKPOINT_SECONDS * 1000,
            ),
        },
        GetLatestChainCheckpointHandler,
      ],
    };
  }
}
