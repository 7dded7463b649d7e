import { Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PG_POOL } from '@journey/postgres';
import { collectProcessMetrics, PoolCounts, trackPool } from '@journey/metrics';
import { MetricsController } from './metrics.controller';

/** GET /metrics, the process metrics and the gauges of this process's PostgreSQL pools. */
@Module({ controllers: [MetricsController] })
export class MetricsModule implements OnModuleDestroy {
  private readonly untrack: (() => void)[] = [];

  constructor(@Inject(PG_POOL) pool: Pool, @Inject(getDataSourceToken()) dataSource: DataSource) {
    collectProcessMetrics();
    this.untrack.push(trackPool('store', pool));
    // TypeORM's PostgreSQL driver keeps its pg Pool as `master`.
    const readModels = (dataSource.driver as unknown as { master?: PoolCounts }).master;
    if (readModels) this.untrack.push(trackPool('read_models', readModels));
  }

  onModuleDestroy(): void {
    this.untrack.forEach((stop) => stop());
  }
}
