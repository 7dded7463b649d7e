import request from 'supertest';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';
import { AUTH_FAILURE_BURST } from '../src/access/api-keys.service';

describe('API keys and scopes', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t?.close());

  it('401 without a key, with a JSON body', async () => {
    const res = await request(t.server).post('/v1/touchpoints').send(touchpoint()).expect(401);
    expect(res.body).toEqual({ error: 'UNAUTHENTICATED', message: expect.any(String) });
  });

  it('401 for an unknown or malformed key', async () => {
    for (const key of ['je_aaaaaaaaaaaa_' + 'A'.repeat(43), 'nonsense']) {
      const res = await request(t.server)
        .post('/v1/touchpoints')
        .set(bearer(key))
        .send(touchpoint())
        .expect(401);
      expect(res.body.error).toBe('INVALID_API_KEY');
    }
  });

  it.each([
    ['malformed JSON', 'application/json', '{"id": '],
    ['a non-JSON content type', 'text/plain', 'id=1'],
    ['a body over 1 MiB', 'application/json', JSON.stringify({ pad: 'x'.repeat(1_100_000) })],
  ])('401 before its body is read: no key and %s', async (_, type, body) => {
    for (const key of [null, 'nonsense']) {
      const req = request(t.server).post('/v1/touchpoints').set('Content-Type', type);
      const res = await (key ? req.set(bearer(key)) : req).send(body).expect(401);
      expect(res.body.error).toBe(key ? 'INVALID_API_KEY' : 'UNAUTHENTICATED');
    }
  });

  it.each(['/V1/touchpoints', '/v1/TOUCHPOINTS', '/no-such-route'])(
    "401 before the body is read whatever the path's case: %s with malformed JSON",
    async (path) => {
      const res = await request(t.server)
        .post(path)
        .set('Content-Type', 'application/json')
        .send('{"id": ')
        .expect(401);
      expect(res.body.error).toBe('UNAUTHENTICATED');
    },
  );

  it('sends nosniff and no framing everywhere, and no-store on API data', async () => {
    const data = await request(t.server)
      .get('/v1/customers/c1/journeys')
      .set(bearer(t.keys.read))
      .expect(200);
    const docs = await request(t.server).get('/docs').expect(200);
    for (const res of [data, docs]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
    expect(data.headers['cache-control']).toBe('no-store');
    expect(docs.headers['cache-control']).not.toBe('no-store');
  });

  it('403 for a key without the scope', async () => {
    const res = await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.read))
      .send(touchpoint())
      .expect(403);
    expect(res.body).toMatchObject({ error: 'FORBIDDEN_SCOPE', details: { required: 'ingest' } });
  });

  it('accepts the key in x-api-key too', async () => {
    await request(t.server)
      .post('/v1/touchpoints')
      .set('x-api-key', t.keys.ingest)
      .send(touchpoint())
      .expect(202);
  });

  it('admin endpoints create, list and revoke keys; a revoked key stops working', async () => {
    const created = await request(t.server)
      .post('/v1/api-keys')
      .set(bearer(t.keys.admin))
      .send({ name: 'crm', scopes: ['ingest'] })
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'crm',
      scopes: ['ingest'],
      key: expect.stringMatching(/^je_/),
    });
    const list = await request(t.server).get('/v1/api-keys').set(bearer(t.keys.admin)).expect(200);
    expect(list.body.find((k: { id: string }) => k.id === created.body.id)).not.toHaveProperty(
      'key',
    );
    await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(created.body.key))
      .send(touchpoint())
      .expect(202);
    await request(t.server)
      .delete(`/v1/api-keys/${created.body.id}`)
      .set(bearer(t.keys.admin))
      .expect(204);
    await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(created.body.key))
      .send(touchpoint())
      .expect(401);
    await request(t.server)
      .delete(`/v1/api-keys/${created.body.id}`)
      .set(bearer(t.keys.admin))
      .expect(404);
  });

  it('refuses a bad key request naming the field', async () => {
    const res = await request(t.server)
      .post('/v1/api-keys')
      .set(bearer(t.keys.admin))
      .send({ name: 'x', scopes: ['root'] })
      .expect(400);
    expect(res.body.details).toContainEqual(
      expect.objectContaining({ field: 'scopes', rule: 'enum' }),
    );
  });

  it('stores only a hash of the key', async () => {
    const { rows } = await t.db.pool.query('SELECT secret_hash FROM api_keys');
    for (const key of Object.values(t.keys)) {
      const secret = key.split('_').slice(2).join('_');
      expect(rows.some((r: { secret_hash: string }) => r.secret_hash.includes(secret))).toBe(false);
    }
    expect(rows.every((r: { secret_hash: string }) => /^[0-9a-f]{64}$/.test(r.secret_hash))).toBe(
      true,
    );
  });

  it('serves health, readiness and the OpenAPI document without a key', async () => {
    await request(t.server).get('/health').expect(200);
    const doc = await request(t.server).get('/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/touchpoints',
        '/v1/feedback',
        '/v1/identities',
        '/v1/journeys/{journey}/definition',
      ]),
    );
    const { schemas, securitySchemes } = doc.body.components;
    expect(schemas.TouchpointDto.properties.channel.enum).toContain('back_office');
    // As the validation is: closed bodies, integers, instants, a non-empty batch.
    expect(schemas.TouchpointDto.additionalProperties).toBe(false);
    expect(schemas.TouchpointBatchDto.additionalProperties).toBe(false);
    expect(schemas.TouchpointDto.properties.durationMs.type).toBe('integer');
    expect(schemas.TouchpointDto.properties.occurredAt.format).toBe('date-time');
    expect(schemas.TouchpointBatchDto.properties.touchpoints.minItems).toBe(1);
    expect(schemas.FeedbackDto.properties.score).toMatchObject({ type: 'integer', maximum: 10 });
    expect(securitySchemes.bearer.bearerFormat).toBe('API key');
    expect(securitySchemes['x-api-key']).toMatchObject({ type: 'apiKey', name: 'x-api-key' });
    const post = doc.body.paths['/v1/touchpoints'].post;
    for (const code of ['400', '401', '403', '413', '429'])
      expect(post.responses[code].content['application/json'].schema.$ref).toBe(
        '#/components/schemas/ErrorBody',
      );
    await request(t.server).get('/docs').expect(200);
  });
});

describe('rate limit per key', () => {
  let t: TestApp;
  beforeAll(
    async () => (t = await startTestApp({ RATE_LIMIT_PER_SECOND: '2', RATE_LIMIT_BURST: '3' })),
  );
  afterAll(async () => t?.close());

  it('429 with Retry-After once a key exceeds its rate', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await request(t.server)
        .get('/v1/journeys/onboarding/definition')
        .set(bearer(t.keys.all));
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers['retry-after'];
        expect(res.body.error).toBe('RATE_LIMITED');
      }
    }
    expect(statuses.slice(0, 3)).not.toContain(429);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('counts each key separately', async () => {
    await request(t.server).get('/v1/journeys/x/definition').set(bearer(t.keys.read)).expect(404);
  });
});

describe('failed authentications per client address', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t?.close());

  it(`401 for the first ${AUTH_FAILURE_BURST} unknown keys, then 429 with Retry-After for any key, a real one too`, async () => {
    const made = (i: number) => `je_${String(i).padStart(12, '0')}_${'B'.repeat(43)}`;
    for (let i = 0; i < AUTH_FAILURE_BURST; i++) {
      const res = await request(t.server)
        .get('/v1/journeys')
        .set(bearer(made(i)));
      expect(res.status).toBe(401);
    }
    const blocked = await request(t.server)
      .get('/v1/journeys')
      .set(bearer(made(99)))
      .expect(429);
    expect(blocked.body.error).toBe('AUTH_RATE_LIMITED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Guessing is blocked for the address, not only for wrong keys (a right guess learns nothing).
    const real = await request(t.server).get('/v1/journeys').set(bearer(t.keys.read)).expect(429);
    expect(real.body.error).toBe('AUTH_RATE_LIMITED');
  });
});

describe('failed authentications behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ TRUST_PROXY: 'loopback' })));
  afterAll(async () => t?.close());

  it('counts each forwarded client address apart: one guessing client does not lock out the others', async () => {
    const from = (client: string) =>
      request(t.server)
        .get('/v1/journeys')
        .set('X-Forwarded-For', client)
        .set(bearer(`je_${'0'.repeat(12)}_${'C'.repeat(43)}`));
    for (let i = 0; i < AUTH_FAILURE_BURST; i++) await from('203.0.113.1').expect(401);
    await from('203.0.113.1').expect(429);
    await from('203.0.113.2').expect(401);
  });
});

describe('heavy reads per key (HEAVY_READS_PER_SECOND)', () => {
  let t: TestApp;
  beforeAll(
    async () => (t = await startTestApp({ HEAVY_READS_PER_SECOND: '1', HEAVY_READS_BURST: '3' })),
  );
  afterAll(async () => t?.close());

  it('given a key past its heavy-read budget, then histories and replays answer 429 while plain reads still answer', async () => {
    const get = (path: string) => request(t.server).get(path).set(bearer(t.keys.all));
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await get('/v1/audit/customers/c1/events')).status);
    expect(statuses).not.toContain(429);
    const history = await get('/v1/audit/customers/c1/events').expect(429);
    expect(history.body.error).toBe('RATE_LIMITED');
    expect(Number(history.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await get(`/v1/customers/c1/journeys?asOf=${new Date().toISOString()}`).expect(429);
    await get('/v1/customers/c1/journeys').expect(200);
    // Another key has its own budget.
    await request(t.server)
      .get('/v1/audit/customers/c1/verify')
      .set(bearer(t.keys.audit))
      .expect((res) => expect(res.status).not.toBe(429));
  });
});
