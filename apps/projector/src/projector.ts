import { randomUUID } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createEventStore, EventStore, StoreEnvironment } from '@journey/event-store';
import { createPool, ResilientClient } from '@journey/postgres';
import {
  collectProcessMetrics,
  instrumentEventStore,
  startMetricsServer,
  trackPool,
} from '@journey/metrics';
import { migrateReadModels, readModelDataSourceOptions } from '@journey/read-models';
import { PROJECTIONS } from './projections';
import { RebuildWorker } from './rebuild/rebuild-worker';
import { RunnerOptions, DEFAULT_RUNNER_OPTIONS } from './runner/projection-runner';
import { PartitionManager } from './runner/partition-manager';
import { Slots } from './runner/slots';
import { SketchCache } from './frictions/sketch-cache';
import { WebhookWorker } from './webhooks/webhook-worker';
import { parseAllowlist } from './webhooks/deliver/address-policy';
import { WebhookWorkerOptions } from './webhooks/worker-options';

export interface Projector {
  readonly store: EventStore;
  /** Per projection, the partitions this process runs. */
  readonly managers: readonly PartitionManager[];
  /** GET /metrics of this process (http://host:port), when METRICS_PORT is set. */
  readonly metricsUrl: string | null;
  /** `releaseLeases: false` leaves this process's partitions to expire, as a crash would. */
  stop(options?: { releaseLeases?: boolean }): Promise<void>;
}

export interface ProjectorEnv extends StoreEnvironment {
  readonly PROJECTOR_HELD_PAIRS?: number;
  readonly PROJECTOR_PARTITIONS?: number;
  readonly PROJECTOR_CONCURRENCY?: number;
  readonly WEBHOOK_ALLOW_HTTP?: 'true' | 'false';
  readonly WEBHOOK_ALLOWED_ADDRESSES?: string;
  /** Serve GET /metrics on this port (0: any free one); unset: no metrics server. */
  readonly METRICS_PORT?: number;
  readonly METRICS_HOST?: string;
}

const DEFAULT_PARTITIONS = 1;

/**
 * How long a projector that died or stalled keeps its projections: the standby takes over after
 * it (renewals come every third of it).
 */
const DEFAULT_LEASE_TTL_MS = 5000;

/** Far above the JavaScript time between two statements of a batch (under 2 s of 5,000 events). */
const IDLE_IN_TRANSACTION_MS = 30_000;

/** The webhook worker's own connections: deliveries never wait for the projections' or hold them. */
const WEBHOOK_POOL_SIZE = 4;

/**
 * Migrates the read models, then runs this process's share of every projection's partitions
 * (each from its checkpoint), the rebuild worker and the webhook worker.
 */
export async function startProjector(
  env: ProjectorEnv,
  databaseUrl: string,
  options: RunnerOptions = DEFAULT_RUNNER_OPTIONS,
  webhookOptions: Partial<WebhookWorkerOptions> = {},
): Promise<Projector> {
  // First: a port already taken stops the start before anything else runs.
  const metrics =
    env.METRICS_PORT === undefined
      ? null
      : await startMetricsServer(env.METRICS_HOST ?? '127.0.0.1', env.METRICS_PORT);
  const dataSource = new DataSource(
    readModelDataSourceOptions(databaseUrl, 2, { Client: ResilientClient }),
  );
  await dataSource.initialize();
  try {
    await migrateReadModels(dataSource);
  } finally {
    await dataSource.destroy();
  }
  const pool: Pool = createPool({
    connectionString: databaseUrl,
    max: env.PG_POOL_SIZE,
    // A process paused mid-batch (SIGSTOP, a VM freeze) holds its row locks: the standby that
    // took its lease would wait on them. PostgreSQL ends such a transaction after this long.
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
  });
  const store = instrumentEventStore(await createEventStore(env, pool));
  // One lease per partition: the processes divide them, and take over a dead one's.
  const lease = options.lease ?? {
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    ttlMs: DEFAULT_LEASE_TTL_MS,
  };
  const partitions = env.PROJECTOR_PARTITIONS ?? DEFAULT_PARTITIONS;
  // One set of slots for every partition of every projection this process runs.
  const slots = new Slots(env.PROJECTOR_CONCURRENCY ?? Math.min(4, availableParallelism()));
  const sketches = new SketchCache();
  const managers = Object.entries(PROJECTIONS).map(
    ([name, make]) =>
      new PartitionManager(
        store,
        pool,
        {
          name,
          make: (partition) =>
            make('live', {
              // The held pairs are shared out: the memory bound is the process's.
              maxHeldPairs: Math.ceil((env.PROJECTOR_HELD_PAIRS ?? 20_000) / partition.count),
              partition,
              sketches,
            }),
        },
        { owner: lease.owner, ttlMs: lease.ttlMs, partitions, runner: { ...options, slots } },
      ),
  );
  managers.forEach((m) => m.start());
  const rebuilds = new RebuildWorker(store, pool, databaseUrl, partitions);
  rebuilds.start();
  const webhookPool = createPool({ connectionString: databaseUrl, max: WEBHOOK_POOL_SIZE });
  const webhooks = new WebhookWorker(webhookPool, {
    addresses: {
      allowHttp: env.WEBHOOK_ALLOW_HTTP === 'true',
      allowed: parseAllowlist(env.WEBHOOK_ALLOWED_ADDRESSES ?? ''),
    },
    ...webhookOptions,
  });
  webhooks.start();
  collectProcessMetrics();
  const untrackPools = [trackPool('projector', pool), trackPool('webhooks', webhookPool)];
  new Logger('Projector').log({
    msg: 'projections running',
    projections: managers.length,
    owner: lease.owner,
    partitions,
    ...(metrics ? { metrics: `${metrics.url}/metrics` } : {}),
  });
  return {
    store,
    managers,
    metricsUrl: metrics?.url ?? null,
    stop: async (stopOptions = {}) => {
      await metrics?.close();
      untrackPools.forEach((untrack) => untrack());
      const webhooksStopped = webhooks.stop().then(() => webhookPool.end());
      await rebuilds.stop();
      await Promise.all(managers.map((m) => m.stop(stopOptions)));
      await webhooksStopped;
      await store.close();
      await pool.end();
    },
  };
}
