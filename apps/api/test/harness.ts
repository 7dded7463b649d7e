import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Scope } from '@journey/records';
import { EVENT_STORE, EventStore, loadEnvironment } from '@journey/event-store';
import { createTestDatabase, TestDatabase } from '../../../test/test-database';
import { ApiKeysService } from '../src/access/api-keys.service';
import { ApiEnvironment } from '../src/api-config';
import { AppOptions } from '../src/app.module';
import { createApiApp, NestAppFactory } from '../src/create-app';
import { startProjector } from '../../projector/src/projector';
import { WebhookWorkerOptions } from '../../projector/src/webhooks/worker-options';

export interface TestApp {
  readonly app: INestApplication;
  readonly db: TestDatabase;
  readonly store: EventStore;
  readonly server: ReturnType<INestApplication['getHttpServer']>;
  /** A key per scope, and `all` with every scope. */
  readonly keys: Record<Scope | 'all', string>;
  /** Waits until the projector (when started) has caught up with every stored event. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real app on a fresh database, with one API key per scope. With `projector`, the projector
 * runs in-process too (its webhook worker on `clock`, with `webhooks` overriding its options, and
 * `partitions` as its PROJECTOR_PARTITIONS, else the projector's default).
 */
/** The tests' key-encryption key (else the app would make one in ./.data). */
export const TEST_KEK = Buffer.alloc(32, 7).toString('base64');

/** The tests' chain signing key, in a file as the setting wants (else one is made in ./.data). */
export const TEST_SIGNING_KEY_FILE = path.join(
  tmpdir(),
  `journey-test-signing-key-${process.pid}.pem`,
);
writeFileSync(
  TEST_SIGNING_KEY_FILE,
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIE/C5QcziVoTgGE/3VxuFRkrBWh0Q7cUfkjBfacFRNh7\n-----END PRIVATE KEY-----\n',
  { mode: 0o600 },
);

export async function startTestApp(
  settings: Record<string, string> = {},
  options: AppOptions & {
    projector?: boolean;
    webhooks?: Partial<WebhookWorkerOptions>;
    partitions?: number;
    /** Builds the Nest app instead of NestFactory (a testing module overriding a provider). */
    factory?: NestAppFactory;
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase(4);
  const env = loadEnvironment(ApiEnvironment, {
    DATABASE_URL: db.url,
    LOG_LEVEL: 'error',
    DATA_KEK: TEST_KEK,
    CHAIN_SIGNING_KEY_FILE: TEST_SIGNING_KEY_FILE,
    // No background checkpoints unless a test asks for them.
    CHAIN_CHECKPOINT_SECONDS: '0',
    ...settings,
  });
  const app = await createApiApp(env, db.url, options, options.factory);
  await app.init();
  const service = app.get(ApiKeysService);
  const key = async (name: string, scopes: Scope[]) => (await service.create(name, scopes)).key;
  const keys = {
    ingest: await key('ingest-test', ['ingest']),
    read: await key('read-test', ['read']),
    audit: await key('audit-test', ['audit']),
    admin: await key('admin-test', ['admin']),
    metrics: await key('metrics-test', ['metrics']),
    all: await key('all-test', ['ingest', 'read', 'audit', 'admin', 'metrics']),
  };
  const store = app.get<EventStore>(EVENT_STORE);
  // The API's environment has no projector settings: the partition count is added for it.
  const projectorEnv =
    options.partitions === undefined ? env : { ...env, PROJECTOR_PARTITIONS: options.partitions };
  const projector = options.projector
    ? await startProjector(
        projectorEnv,
        db.url,
        { maxBatch: 500, maxWaitMs: 5 },
        { ...(options.clock ? { clock: options.clock } : {}), ...options.webhooks },
      )
    : null;
  return {
    app,
    db,
    store,
    server: app.getHttpServer(),
    keys,
    settle: async () => {
      if (projector) await waitForProjections(db);
    },
    close: async () => {
      await projector?.stop();
      await app.close();
      await db.drop();
    },
  };
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/** A valid touchpoint; override any field. */
export function touchpoint(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `tp-${Math.random().toString(36).slice(2)}`,
    customerId: 'c-1',
    journey: 'onboarding',
    step: 'signup',
    channel: 'web',
    occurredAt: '2026-05-01T10:00:00Z',
    ...overrides,
  };
}

/** What waitForProjections waits for: each must come down to 0. */
interface Pending {
  /** Partitions whose checkpoint is before their newest event. */
  behind: number;
  /** Pairs handed to a partition it has not taken yet. */
  handoffs: number;
  /** (partition, journey) whose current definition the partition has not applied. */
  definitions: number;
}

/**
 * Polls until the journeys projection is settled: every partition's checkpoint at (or past) the newest
 * stored event of its own partition (`partition_hash % P`, P from projection_partitioning, 1
 * without a row; a partition with no events has nothing to wait for), and none of the work one
 * partition leaves another pending: pairs handed over (rm_pair_handoffs), definitions a partition
 * has not applied yet (it recomputes its pairs when it does, in its next batch or idle tick). Read
 * directly: the store's readers hold back events behind running transactions, which would end the
 * wait too early.
 */
async function waitForProjections(db: TestDatabase, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    // Per partition, the newest event walking the primary key backwards (a few rows each).
    const { rows } = await db.pool.query<Pending>(
      `WITH p AS (
         SELECT coalesce((SELECT partitions FROM projection_partitioning WHERE name = 'journeys'), 1) AS n
       ), part AS (SELECT i FROM p CROSS JOIN generate_series(0, p.n - 1) AS i)
       SELECT (SELECT count(*)::int
                 FROM part CROSS JOIN p CROSS JOIN LATERAL (
                   SELECT e.tx_id, e.seq FROM es_events e
                    WHERE e.partition_hash % p.n = part.i
                    ORDER BY e.tx_id DESC, e.seq DESC LIMIT 1
                 ) newest
                 LEFT JOIN projection_checkpoints c ON c.name = 'journeys' AND c.partition = part.i
                -- At or past it: a rebuild leaves every partition at the head it read.
                WHERE c.position IS NULL
                   OR (split_part(c.position, '/', 1)::xid8, split_part(c.position, '/', 2)::bigint)
                      < (newest.tx_id, newest.seq)) AS behind,
              (SELECT count(*)::int FROM rm_pair_handoffs) AS handoffs,
              (SELECT count(*)::int
                 FROM part CROSS JOIN rm_journey_definitions d
                 LEFT JOIN rm_partition_definitions a ON a.partition = part.i AND a.journey = d.journey
                WHERE a.version IS DISTINCT FROM d.version) AS definitions`,
    );
    const pending = rows[0];
    if (pending.behind + pending.handoffs + pending.definitions === 0) return;
    if (Date.now() > until)
      throw new Error(`projections did not catch up in time: ${JSON.stringify(pending)} pending`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
