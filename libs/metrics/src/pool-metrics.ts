import { Gauge } from 'prom-client';
import { registry } from './registry';

/** What the gauges read of a pg Pool. */
export interface PoolCounts {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

const pools = new Map<PoolCounts, string>();

/** Sets one gauge per tracked pool at scrape time: nothing runs between scrapes. */
function poolGauge(name: string, help: string, read: (p: PoolCounts) => number): Gauge<'pool'> {
  return new Gauge({
    name,
    help,
    labelNames: ['pool'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [pool, label] of pools) this.inc({ pool: label }, read(pool));
    },
  });
}

poolGauge(
  'journey_pg_pool_connections',
  'PostgreSQL connections open in the pool, busy or idle',
  (p) => p.totalCount,
);
poolGauge(
  'journey_pg_pool_idle_connections',
  'PostgreSQL connections open and idle in the pool',
  (p) => p.idleCount,
);
poolGauge(
  'journey_pg_pool_waiting_clients',
  'Queries waiting for a PostgreSQL connection of the pool',
  (p) => p.waitingCount,
);

/**
 * Reports the pool under `label` (a fixed name: "store", "read_models", "webhooks"); the
 * returned function stops that (call it when the pool ends). Two pools of one label add up.
 */
export function trackPool(label: string, pool: PoolCounts): () => void {
  pools.set(pool, label);
  return () => void pools.delete(pool);
}
