import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { loadEnvironment } from '@journey/event-store';
import { OwnPostgres, startOwnPostgres } from '../../../test/own-postgres';
import { ApiKeysService } from '../src/access/api-keys.service';
import { ApiEnvironment } from '../src/api-config';
import { createApiApp } from '../src/create-app';
import { bearer, TEST_KEK, TEST_SIGNING_KEY_FILE, touchpoint } from './harness';
import { freePort } from '../../../test/free-port';

describe('PostgreSQL down, read-only: 503 STORE_UNAVAILABLE with Retry-After, then back by itself', () => {
  let dataDir: string;
  let port: number;
  let pg: OwnPostgres | null = null;
  let app: INestApplication;
  /** Keys not used yet are not cached: their lookup meets the database. */
  const keys: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journey-outage-pg-'));
    port = await freePort();
    pg = await startOwnPostgres(dataDir, port);
    const env = loadEnvironment(ApiEnvironment, {
      DATABASE_URL: pg.url,
      LOG_LEVEL: 'error',
      DATA_KEK: TEST_KEK,
      CHAIN_SIGNING_KEY_FILE: TEST_SIGNING_KEY_FILE,
      CHAIN_CHECKPOINT_SECONDS: '0',
      PG_POOL_SIZE: '4',
      PG_QUERY_DEADLINE_MS: '1000',
    });
    app = await createApiApp(env, pg.url, { dashboardDir: null });
    await app.init();
    for (let i = 0; i < 4; i++)
      keys.push((await app.get(ApiKeysService).create(`k${i}`, ['ingest', 'read'])).key);
  });
  afterAll(async () => {
    await app?.close();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Two seconds: the connect timeout is under it; a hang or a queue would exceed it.
  const post = (key: string) =>
    request(app.getHttpServer())
      .post('/v1/touchpoints')
      .set(bearer(key))
      .send({ touchpoints: [touchpoint()] })
      .timeout(2000);
  const getMap = (key: string) =>
    request(app.getHttpServer()).get('/v1/journey-maps/onboarding').set(bearer(key)).timeout(2000);
  const expectUnavailable = (res: request.Response) => {
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('STORE_UNAVAILABLE');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  };
  const eventCount = async () => {
    const c = new Client({ connectionString: pg!.url });
    await c.connect();
    try {
      return Number((await c.query('SELECT count(*) AS n FROM es_events')).rows[0].n);
    } finally {
      await c.end();
    }
  };

  it('a read-only database (new connections) refuses writes with 503, storing nothing', async () => {
    expect((await post(keys[0])).status).toBe(202);
    const admin = new Client({ connectionString: pg!.url });
    await admin.connect();
    try {
      await admin.query('ALTER DATABASE own SET default_transaction_read_only = on');
      // The API's pooled connections end (it must survive that); its new ones are read-only.
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE pid <> pg_backend_pid() AND datname = current_database()`,
      );
      const before = await eventCount();
      for (let i = 0; i < 3; i++) expectUnavailable(await post(keys[0]));
      expect(await eventCount()).toBe(before);
      // Reads still work on a read-only database.
      expect((await getMap(keys[0])).status).toBe(200);
    } finally {
      await admin.query('ALTER DATABASE own SET default_transaction_read_only = off');
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE pid <> pg_backend_pid() AND datname = current_database()`,
      );
      await admin.end();
    }
    await expect(retryUntil202(() => post(keys[0]))).resolves.toBe(202);
  });

  it('a paused database (SIGSTOP): requests on open connections answer 503 at the query deadline, then recover on SIGCONT', async () => {
    expect((await post(keys[0])).status).toBe(202);
    // Every process of the server: each backend (pooled connections included) and their parent.
    const admin = new Client({ connectionString: pg!.url });
    await admin.connect();
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()',
    );
    await admin.end();
    const backends = rows.map((r) => r.pid);
    const postmaster = Number(
      readFileSync(`/proc/${backends[0]}/stat`, 'utf8').split(') ')[1].split(' ')[1],
    );
    const pids = [postmaster, ...backends];
    // A backend may end meanwhile: signal the others all the same.
    const signal = (sig: NodeJS.Signals) =>
      pids.forEach((pid) => {
        try {
          process.kill(pid, sig);
        } catch {
          // gone
        }
      });
    signal('SIGSTOP');
    try {
      // Within the 1 s deadline plus the 2 s connect timeout of a connection opened meanwhile.
      expectUnavailable(await post(keys[0]).timeout(4000));
      expectUnavailable(await getMap(keys[0]).timeout(4000));
    } finally {
      signal('SIGCONT');
    }
    await expect(retryUntil202(() => post(keys[0]))).resolves.toBe(202);
  });

  it('a stopped database: writes, reads, key checks and /ready answer 503, then recover', async () => {
    await pg!.stop();
    pg = null;
    // keys[1] was never used: its lookup needs the database (authenticate-before-body).
    expectUnavailable(await post(keys[1]));
    expectUnavailable(await post(keys[0]));
    expectUnavailable(await getMap(keys[2]));
    expectUnavailable(await getMap(keys[0]));
    expect((await request(app.getHttpServer()).get('/ready')).status).toBe(503);

    pg = await startOwnPostgres(dataDir, port);
    await expect(retryUntil202(() => post(keys[3]))).resolves.toBe(202);
    expect((await getMap(keys[3])).status).toBe(200);
    expect((await request(app.getHttpServer()).get('/ready')).status).toBe(200);
  });
});

/** Retries a few times: connections the restart left behind are discarded one failure each. */
async function retryUntil202(send: () => Promise<request.Response>): Promise<number> {
  let status = 0;
  for (let i = 0; i < 10 && status !== 202; i++) status = (await send()).status;
  return status;
}
