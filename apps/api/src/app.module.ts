import { DynamicModule, Global, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream, Logger as PinoRoot } from 'pino';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createRootLogger, EventStoreModule } from '@journey/event-store';
import { QueryDeadline, ResilientClient } from '@journey/postgres';
import { instrumentEventStore } from '@journey/metrics';
import { readModelDataSourceOptions } from '@journey/read-models';
import { AccessModule } from './access/access.module';
import { ApiEnvironment } from './api-config';
import { AuditModule } from './audit/audit.module';
import { ChainCheckpointsModule } from './audit/chain-checkpoints/chain-checkpoints.module';
import { CLOCK, Clock, systemClock } from './common/clock';
import { ErrorFilter } from './common/error.filter';
import { RequestCharactersGuard } from './common/request-characters.guard';
import { JsonBodyGuard } from './common/json-body.guard';
import { ReadModelMigrations } from './common/migrations.provider';
import { HealthModule } from './health/health.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { MetricsModule } from './metrics/metrics.module';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { QueriesModule } from './queries/queries.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Global()
@Module({})
class ClockModule {
  static with(clock: Clock): DynamicModule {
    return {
      module: ClockModule,
      providers: [{ provide: CLOCK, useValue: clock }],
      exports: [CLOCK],
    };
  }
}

export interface AppOptions {
  readonly clock?: Clock;
  /** The process's pino logger (default: one on stdout at LOG_LEVEL). */
  readonly logger?: PinoRoot;
  /** Instead of stdout, where the default logger writes (tests read the lines). */
  readonly logDestination?: DestinationStream;
  /** The built dashboard's folder (default: dist/dashboard when built; null: not served). */
  readonly dashboardDir?: string | null;
}

@Module({})
export class AppModule implements OnApplicationBootstrap {
  constructor(private readonly queryDeadline: QueryDeadline) {}

  /** After every module's start (migrations, the store's schema): queries now have a deadline. */
  onApplicationBootstrap(): void {
    this.queryDeadline.arm();
  }

  static forRoot(
    env: ApiEnvironment,
    databaseUrl: string,
    options: AppOptions = {},
  ): DynamicModule {
    const queryDeadline = new QueryDeadline(env.PG_QUERY_DEADLINE_MS);
    return {
      module: AppModule,
      imports: [
        ClockModule.with(options.clock ?? systemClock),
        // Nest's Logger inside a request: the line carries its reqId (the middleware is httpLogger).
        LoggerModule.forRoot({
          pinoHttp: { logger: options.logger ?? createRootLogger(env.LOG_LEVEL) },
          useExisting: true,
        }),
        EventStoreModule.forRoot(env, databaseUrl, instrumentEventStore, queryDeadline),
        TypeOrmModule.forRoot(
          readModelDataSourceOptions(databaseUrl, env.PG_POOL_SIZE, {
            Client: ResilientClient,
            queryDeadline,
          }),
        ),
        CqrsModule.forRoot(),
        AccessModule.forRoot({
          perSecond: env.RATE_LIMIT_PER_SECOND,
          burst: env.RATE_LIMIT_BURST,
          heavyPerSecond: env.HEAVY_READS_PER_SECOND,
          heavyBurst: env.HEAVY_READS_BURST,
        }),
        HealthModule,
        PersonalDataModule.forRoot(env),
        IngestionModule,
        QueriesModule.forRoot({
          maxStreams: env.SSE_MAX_STREAMS,
          maxStreamsPerKey: env.SSE_MAX_STREAMS_PER_KEY,
          keyRecheckMs: env.SSE_KEY_RECHECK_SECONDS * 1000,
          slowClientMs: env.SSE_SLOW_CLIENT_SECONDS * 1000,
        }),
        WebhooksModule.forRoot({ allowHttp: env.WEBHOOK_ALLOW_HTTP === 'true' }),
        AuditModule,
        ChainCheckpointsModule.forRoot(env),
        MetricsModule.forRoot(
          env.API_METRICS_PORT === undefined
            ? null
            : { host: env.API_METRICS_HOST, port: env.API_METRICS_PORT },
        ),
      ],
      providers: [
        { provide: QueryDeadline, useValue: queryDeadline },
        ReadModelMigrations,
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_GUARD, useClass: JsonBodyGuard },
        { provide: APP_GUARD, useClass: RequestCharactersGuard },
      ],
    };
  }
}
