import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { DASHBOARD_CSP } from '../src/dashboard/serve-dashboard';
import { bearer, startTestApp, TestApp } from './harness';

describe('the dashboard served by the API', () => {
  let dir: string;
  let t: TestApp;
  beforeAll(async () => {
    // Given a built dashboard (a stand-in: this test is about serving, not the page)
    dir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Journey Engine</title>');
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'export {};');
    // A file named like an API path must not shadow it.
    writeFileSync(path.join(dir, 'health'), 'not the health check');
    t = await startTestApp({}, { dashboardDir: dir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page at / without a key, under a strict content security policy', async () => {
    const res = await request(t.server).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<title>Journey Engine</title>');
    expect(res.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets as immutable, and a missing asset is a 404', async () => {
    const res = await request(t.server).get('/assets/index-abc123.js').expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
    await request(t.server).get('/assets/nope.js').expect(404);
  });

  it('leaves /v1/*, /docs, /health and /ready to the API', async () => {
    await request(t.server).get('/health').expect(200, { status: 'ok' });
    await request(t.server).get('/ready').expect(200);
    await request(t.server).get('/v1/journeys').expect(401);
    await request(t.server).get('/v1/journeys').set(bearer(t.keys.read)).expect(200, []);
    const docs = await request(t.server).get('/docs/openapi.json').expect(200);
    expect(docs.body.openapi).toBeDefined();
    await request(t.server).get('/index.html').expect(404);
  });
});

describe('without a built dashboard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { dashboardDir: null });
  });
  afterAll(async () => t?.close());

  it('answers / with 404 and the API still works', async () => {
    await request(t.server).get('/').expect(404);
    await request(t.server).get('/health').expect(200);
  });
});
