import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../libs/postgres/src/embedded/embedded-postgres';
import { TEST_ADMIN_URL_ENV } from './test-admin-url';
import { freePort } from './free-port';

declare global {
  var __JOURNEY_TEST_PG__: { stop(): Promise<void> }[] | undefined;
}

/**
 * PostgreSQL for the run: `DATABASE_URL` when given, else one embedded server per jest worker
 * (see test-admin-url.ts for why workers never share one).
 */
export default async function globalSetup(config: { maxWorkers: number }): Promise<void> {
  await import('./setup-logging');
  if (process.env.DATABASE_URL) {
    process.env[TEST_ADMIN_URL_ENV] = JSON.stringify([process.env.DATABASE_URL]);
    return;
  }
  // One after the other: two free-port probes at once could draw the same port.
  const servers = [];
  for (let i = 0; i < Math.max(config.maxWorkers, 1); i++) servers.push(await startServer());
  globalThis.__JOURNEY_TEST_PG__ = servers;
  process.env[TEST_ADMIN_URL_ENV] = JSON.stringify(servers.map((s) => s.url));
}

async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  // A fresh cluster per run: parallel runs (two checkouts, two terminals) never share one.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'journey-test-pg-'));
  const handle = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    database: 'journey_test',
    settings: { max_connections: '300' },
  });
  return {
    url: handle.url,
    stop: async () => {
      await handle.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
