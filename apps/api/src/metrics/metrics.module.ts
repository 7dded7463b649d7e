import { Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { PG_POOL } from '@journey/postgres';
import { collectProcessMetrics, PoolCounts, trackPool } from '@journey/metrics';
import { CLOCK, Clock } from '../common/clock';
import { MetricsController } from './metrics.controller';
import { readBacklogs, trackBacklog } from './projection-backlog';

/**
 * GET /metrics, the process metrics, the gauges of this process's PostgreSQL pools and the
 * projections' backlog (read from the store, so it shows while the projector is down).
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

  onModuleDestroy(): void {
    this.untrack.forEach((stop) => stop());
  }
}
