import request from 'supertest';
import { bearer, startTestApp, TestApp } from './harness';

const SECRET = 'a-long-enough-secret-123';
const valid = (overrides: Record<string, unknown> = {}) => ({
  url: 'https://crm.example.com/hooks/friction',
  types: ['failure', 'channel_hop'],
  journeys: ['onboarding'],
  secret: SECRET,
  ...overrides,
});

describe('webhooks API', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t?.close());

  const admin = () => bearer(t.keys.admin);
  const create = (body: unknown) =>
    request(t.server)
      .post('/v1/webhooks')
      .set(admin())
      .send(body as object);

  it('creates, lists, shows and deletes a webhook, never showing its secret', async () => {
    const created = await create(valid({ types: ['failure', 'failure', 'channel_hop'] })).expect(
      201,
    );
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: 'https://crm.example.com/hooks/friction',
      types: ['failure', 'channel_hop'],
      journeys: ['onboarding'],
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    const id = created.body.id;

    const list = await request(t.server).get('/v1/webhooks').set(admin()).expect(200);
    expect(list.body).toContainEqual(created.body);
    const one = await request(t.server).get(`/v1/webhooks/${id}`).set(admin()).expect(200);
    expect(one.body).toEqual({
      ...created.body,
      deliveries: { pending: 0, delivered: 0, failed: 0 },
    });
    for (const body of [created.text, list.text, one.text]) expect(body).not.toContain(SECRET);

    await request(t.server).delete(`/v1/webhooks/${id}`).set(admin()).expect(204);
    const gone = await request(t.server).get(`/v1/webhooks/${id}`).set(admin()).expect(404);
    expect(gone.body).toEqual({ error: 'NOT_FOUND', message: expect.any(String) });
    await request(t.server).delete(`/v1/webhooks/${id}`).set(admin()).expect(404);
  });

  it('given no types or journeys (absent or empty), then it subscribes to all of them', async () => {
    const absent = await create({ url: 'https://127.0.0.1:8080/h', secret: SECRET }).expect(201);
    expect(absent.body).toMatchObject({ types: [], journeys: [] });
    const empty = await create(valid({ types: [], journeys: [] })).expect(201);
    expect(empty.body).toMatchObject({ types: [], journeys: [] });
  });

  it.each([
    ['a URL that is not http(s)', { url: 'ftp://example.com/x' }, 'url', 'format'],
    ['something that is not a URL', { url: 'example.com/hook' }, 'url', 'format'],
    ['a URL with credentials', { url: 'https://u:p@example.com/x' }, 'url', 'format'],
    // WEBHOOK_ALLOW_HTTP is not set: a plain http URL would send friction data in clear.
    ['a plain http URL', { url: 'http://crm.example.com/x' }, 'url', 'https'],
    ['a missing URL', { url: undefined }, 'url', 'required'],
    ['an unknown friction type', { types: ['failure', 'boredom'] }, 'types', 'enum'],
    ['types that are not a list', { types: 'failure' }, 'types', 'type'],
    ['a journey that is not a slug', { journeys: ['Onboarding!'] }, 'journeys', 'pattern'],
    ['a secret of 15 characters', { secret: 'x'.repeat(15) }, 'secret', 'length'],
    ['a secret of 257 characters', { secret: 'x'.repeat(257) }, 'secret', 'length'],
    ['a missing secret', { secret: undefined }, 'secret', 'required'],
    ['an unknown field', { active: true }, 'active', 'unknownField'],
  ])('given %s, then 400 naming the field and the rule', async (_, overrides, field, rule) => {
    const res = await create(valid(overrides)).expect(400);
    expect(res.body).toMatchObject({ error: 'INVALID_WEBHOOK' });
    expect(res.body.details).toContainEqual(expect.objectContaining({ field, rule }));
  });

  it('given a body that is not an object, then 400', async () => {
    const res = await create([valid()]).expect(400);
    expect(res.body.error).toBe('INVALID_WEBHOOK');
  });

  it('given an unknown or malformed id, then 404 with a JSON error code', async () => {
    for (const id of ['8a1c2f2e-4b7d-4c7e-9d35-0f4b1a2c3d4e', 'not-a-uuid']) {
      for (const path of [`/v1/webhooks/${id}`, `/v1/webhooks/${id}/deliveries`]) {
        const res = await request(t.server).get(path).set(admin()).expect(404);
        expect(res.body.error).toBe('NOT_FOUND');
      }
      await request(t.server).delete(`/v1/webhooks/${id}`).set(admin()).expect(404);
    }
  });

  it('given a bad limit or cursor for the delivery log, then 400 naming it', async () => {
    const { body } = await create(valid()).expect(201);
    const log = (query: string) =>
      request(t.server).get(`/v1/webhooks/${body.id}/deliveries${query}`).set(admin());
    const limit = await log('?limit=0').expect(400);
    expect(limit.body).toMatchObject({ error: 'INVALID_QUERY' });
    expect(limit.body.details).toContainEqual(expect.objectContaining({ field: 'limit' }));
    const cursor = await log('?cursor=nonsense').expect(400);
    expect(cursor.body.details).toContainEqual(expect.objectContaining({ field: 'cursor' }));
    expect((await log('').expect(200)).body).toEqual({
      webhookId: body.id,
      deliveries: [],
      nextCursor: null,
    });
  });

  it('needs the admin scope', async () => {
    await request(t.server).get('/v1/webhooks').expect(401);
    const res = await request(t.server).get('/v1/webhooks').set(bearer(t.keys.read)).expect(403);
    expect(res.body).toMatchObject({ error: 'FORBIDDEN_SCOPE', details: { required: 'admin' } });
    await request(t.server)
      .post('/v1/webhooks')
      .set(bearer(t.keys.ingest))
      .send(valid())
      .expect(403);
  });

  it('is in the OpenAPI document, with the secret write-only', async () => {
    const doc = await request(t.server).get('/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/webhooks', '/v1/webhooks/{id}', '/v1/webhooks/{id}/deliveries']),
    );
    const schema = doc.body.components.schemas.CreateWebhookDto;
    expect(schema.properties.secret.writeOnly).toBe(true);
    expect(schema.properties.types.items.enum).toContain('repeat_contact');
  });
});
