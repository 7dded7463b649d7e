import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadEnvironment } from '@journey/event-store';
import { createTestDatabase, TestDatabase } from '../../../test/test-database';
import { ApiEnvironment } from '../src/api-config';
import { createApiApp } from '../src/create-app';
import { TEST_KEK } from './harness';

describe('GET /health and /ready', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase(2);
    const env = loadEnvironment(ApiEnvironment, {
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      DATA_KEK: TEST_KEK,
    });
    app = await createApiApp(env, db.url);
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('reports liveness', async () => {
    await request(app.getHttpServer()).get('/health').expect(200, { status: 'ok' });
  });

  it('is ready when the store and the database answer', async () => {
    const res = await request(app.getHttpServer()).get('/ready').expect(200);
    expect(res.body).toEqual({
      status: 'ready',
      checks: { store: { ok: true }, database: { ok: true } },
    });
  });

  it('answers 503 naming only the failing checks when the database is gone: no error text (database names, hosts) to anyone', async () => {
    const name = new URL(db.url).pathname.slice(1);
    await db.drop();
    const res = await request(app.getHttpServer()).get('/ready').expect(503);
    expect(res.body).toMatchObject({
      status: 'unavailable',
      checks: { store: { ok: false }, database: { ok: false } },
    });
    expect(res.body.checks).toEqual({ store: { ok: false }, database: { ok: false } });
    expect(res.text).not.toContain(name);
  });
});
