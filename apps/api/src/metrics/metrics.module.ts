import { DynamicModule, Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { PG_POOL } from '@journey/postgres';
import { collectProcessMetrics, PoolCounts, trackPool } from '@journey/metrics';
import { CLOCK, Clock } from '../common/clock';
import { MetricsController } from './metrics.controller';
import { METRICS_LISTEN, MetricsListen, MetricsListener } from './metrics-listener';
import { readBacklogs, trackBacklog } from './projection-backlog';

/**
 * GET /metrics, the process metrics, the gauges of this process's PostgreSQL pools and the
 * projections' backlog (read from the store, so it shows while the projector is down); with
 * API_METRICS_PORT, the same on a keyless listener of its own.
 */
@Module({ controllers: [MetricsController] })
export class MetricsModule implements OnModuleDestroy {
  private readonly untrack: (() => void)[] = [];

  constructor(
    @Inject(PG_POOL) pool: Pool,
    @Inject(getDataSourceToken()) dataSource: DataSource,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
  ) {
    collectProcessMetrics();
    this.untrack.push(trackPool('store', pool));
    this.untrack.push(trackBacklog(() => readBacklogs(pool, store, clock)));
    // TypeORM's PostgreSQL driver keeps its pg Pool as `master`.
    const readModels = (dataSource.driver as unknown as { master?: PoolCounts }).master;
    if (readModels) this.untrack.push(trackPool('read_models', readModels));
  }

  /** `listen`: also serve GET /metrics there, without a key. */
  static forRoot(listen: MetricsListen | null): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: METRICS_LISTEN, useValue: listen }, MetricsListener],
      exports: [MetricsListener],
    };
  }

  onModuleDestroy(): void {
    this.untrack.forEach((stop) => stop());
  }
}
