import request from 'supertest';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';
import { sample } from './prometheus-text';
import { MetricsListener } from '../src/metrics/metrics-listener';

/** Every label value of the exposition. */
function labelValues(text: string): string[] {
  return [...text.matchAll(/[a-z_]+="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
}

describe('GET /metrics', () => {
  let t: TestApp;
  const scrape = async () => {
    const res = await request(t.server).get('/metrics').set(bearer(t.keys.metrics)).expect(200);
    return res.text;
  };

  beforeAll(async () => {
    // Also on a keyless listener of its own, on a port the system chooses.
    t = await startTestApp({ API_METRICS_PORT: '0' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a request without a key (401) or without the metrics scope (403), as JSON', async () => {
    const none = await request(t.server).get('/metrics').expect(401);
    expect(none.body).toMatchObject({ error: 'UNAUTHENTICATED' });
    const read = await request(t.server).get('/metrics').set(bearer(t.keys.read)).expect(403);
    expect(read.body).toMatchObject({ error: 'FORBIDDEN_SCOPE', details: { required: 'metrics' } });
  });

  it('given API_METRICS_PORT, then its own listener serves the same metrics without a key, /health too, and nothing else', async () => {
    const url = t.app.get(MetricsListener).url!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(
      sample(await res.text(), 'journey_pg_pool_connections', { pool: 'store' }),
    ).toBeGreaterThan(0);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/v1/journey-maps/onboarding`)).status).toBe(404);
  });

  it('answers Prometheus text with the metrics scope', async () => {
    const res = await request(t.server).get('/metrics').set(bearer(t.keys.metrics)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(res.text).toMatch(/^# HELP journey_/m);
    expect(sample(res.text, 'journey_process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sample(res.text, 'journey_pg_pool_connections', { pool: 'store' })).toBeGreaterThan(0);
    expect(res.text).toMatch(/^journey_pg_pool_waiting_clients\{pool="read_models"\} \d+$/m);
  });

  it('counts a batch by outcome, times it under its route template, and names no customer or path', async () => {
    const customer = 'cust-secret-4711';
    const route = { method: 'POST', route: '/v1/touchpoints', status: '202' };
    const journeysRoute = {
      method: 'GET',
      route: '/v1/customers/:customerId/journeys',
      status: '200',
    };
    const before = await scrape();
    const first = [1, 2, 3].map((n) =>
      touchpoint({ id: `m-${n}`, customerId: customer, step: `s${n}` }),
    );
    await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .send({ touchpoints: first })
      .expect(202);
    // Two repeats and one new.
    const again = await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .send({ touchpoints: [first[0], first[1], touchpoint({ id: 'm-4', customerId: customer })] })
      .expect(202);
    expect(again.body).toMatchObject({ accepted: 1, duplicates: 2 });
    // A refused batch: stores nothing, counts its broken rules.
    const refused = await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .send({ touchpoints: [touchpoint({ customerId: customer, channel: 7 }), { id: 'x' }] })
      .expect(400);
    expect(refused.body.details).toHaveLength(6);
    await request(t.server)
      .get(`/v1/customers/${customer}/journeys`)
      .set(bearer(t.keys.read))
      .expect(200);
    await request(t.server).get(`/v1/nothing/${customer}`).set(bearer(t.keys.read)).expect(404);
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta('journey_ingest_touchpoints_total', { outcome: 'accepted' })).toBe(4);
    expect(delta('journey_ingest_touchpoints_total', { outcome: 'duplicate' })).toBe(2);
    expect(delta('journey_ingest_touchpoints_total', { outcome: 'failed' })).toBe(0);
    // Item 0 broke "enum"; item 1 "required" (four fields: one touchpoint) and "exactlyOne".
    const rejected = (rule: string) => delta('journey_ingest_touchpoints_rejected_total', { rule });
    expect([rejected('enum'), rejected('required'), rejected('exactlyOne')]).toEqual([1, 1, 1]);
    expect(delta('journey_http_request_duration_seconds_count', route)).toBe(2);
    expect(delta('journey_http_request_duration_seconds_count', { ...route, status: '400' })).toBe(
      1,
    );
    expect(delta('journey_http_request_duration_seconds_count', journeysRoute)).toBe(1);
    expect(
      delta('journey_http_request_duration_seconds_count', {
        method: 'GET',
        route: 'unmatched',
        status: '404',
      }),
    ).toBe(1);
    expect(delta('journey_store_append_duration_seconds_count', { operation: 'append_many' })).toBe(
      2,
    );
    for (const value of labelValues(after)) {
      expect(value).not.toContain(customer);
      expect(value).not.toMatch(/^\/v1\/nothing/);
    }
  });
});
