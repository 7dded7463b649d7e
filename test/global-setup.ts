import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../libs/postgres/src/embedded/embedded-postgres';
import { TEST_ADMIN_URL_ENV } from './test-admin-url';
import { freePort } from './free-port';

declare global {
  var __JOURNEY_TEST_PG__: { stop(): Promise<void> } | undefined;
}

/** One PostgreSQL for the run: `DATABASE_URL` when given, else an embedded server. */
export default async function globalSetup(): Promise<void> {
  await import('./setup-logging');
  if (process.env.DATABASE_URL) {
    process.env[TEST_ADMIN_URL_ENV] = process.env.DATABASE_URL;
    return;
  }
  // A fresh cluster per run: parallel runs (two checkouts, two terminals) never share one.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'journey-test-pg-'));
  const handle = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    database: 'journey_test',
    settings: { max_connections: '300' },
  });
  globalThis.__JOURNEY_TEST_PG__ = {
    stop: async () => {
      await handle.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  process.env[TEST_ADMIN_URL_ENV] = handle.url;
}
