import { INestApplication } from '@nestjs/common';
import { Scope } from '@journey/read-models';
import { EVENT_STORE, EventStore, loadEnvironment } from '@journey/event-store';
import { createTestDatabase, TestDatabase } from '../../../test/test-database';
import { ApiKeysService } from '../src/access/api-keys.service';
import { ApiEnvironment } from '../src/api-config';
import { AppOptions } from '../src/app.module';
import { createApiApp } from '../src/create-app';
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
 * runs in-process too (its webhook worker on `clock`, with `webhooks` overriding its options).
 */
export async function startTestApp(
  settings: Record<string, string> = {},
  options: AppOptions & {
    projector?: boolean;
    webhooks?: Partial<WebhookWorkerOptions>;
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase(4);
  const env = loadEnvironment(ApiEnvironment, {
    DATABASE_URL: db.url,
    LOG_LEVEL: 'error',
    ...settings,
  });
  const app = await createApiApp(env, db.url, options);
  await app.init();
  const service = app.get(ApiKeysService);
  const key = async (name: string, scopes: Scope[]) => (await service.create(name, scopes)).key;
  const keys = {
    ingest: await key('ingest-test', ['ingest']),
    read: await key('read-test', ['read']),
    audit: await key('audit-test', ['audit']),
    admin: await key('admin-test', ['admin']),
    all: await key('all-test', ['ingest', 'read', 'audit', 'admin']),
  };
  const store = app.get<EventStore>(EVENT_STORE);
  const projector = options.projector
    ? await startProjector(
        env,
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

/** Polls until the journeys checkpoint is at the newest stored event (read directly: the store's
 * readers hold back events behind running transactions, which would end the wait too early). */
async function waitForProjections(db: TestDatabase, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.pool.query<{ last: string | null; checkpoint: string | null }>(
      `SELECT (SELECT tx_id::text || '/' || seq FROM es_events ORDER BY tx_id DESC, seq DESC LIMIT 1) AS last,
              (SELECT position FROM projection_checkpoints WHERE name = 'journeys') AS checkpoint`,
    );
    if (rows[0].last === null || rows[0].last === rows[0].checkpoint) return;
    if (Date.now() > until) throw new Error('projections did not catch up in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
