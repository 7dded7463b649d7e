import request from 'supertest';
import { rebuildProjection } from '../../projector/src/rebuild/rebuild';
import { JourneysProjection } from '../../projector/src/journeys/journeys.projection';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';

const SECRETS = {
  comment: 'My divorce made signing up hard',
  agentId: 'agent-Zorro-77',
  email: 'erin.example@mail.test',
  anonymousEmail: 'erin.anon@mail.test',
  phone: '+44 7700 900123',
};
const KEPT = { comment: 'Other customer keeps this', agentId: 'agent-Keeper-1' };

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every column of every table (any schema but the system's) whose text holds the value. */
async function whereIs(t: TestApp, value: string): Promise<string[]> {
  const { rows: columns } = await t.db.pool.query<{ s: string; t: string; c: string }>(
    `SELECT c.table_schema AS s, c.table_name AS t, c.column_name AS c
       FROM information_schema.columns c
       JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
      WHERE tb.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const found: string[] = [];
  for (const col of columns) {
    const { rows } = await t.db.pool.query(
      `SELECT 1 FROM ${quote(col.s)}.${quote(col.t)} WHERE ${quote(col.c)}::text ILIKE $1 LIMIT 1`,
      [`%${value}%`],
    );
    if (rows.length > 0) found.push(`${col.s}.${col.t}.${col.c}`);
  }
  return found;
}

async function aggregates(t: TestApp) {
  const get = async (path: string) =>
    (await request(t.server).get(path).set(bearer(t.keys.read)).expect(200)).body;
  const q = async (sql: string) => (await t.db.pool.query(sql)).rows;
  return {
    map: await get('/v1/journey-maps/onboarding'),
    journeys: await get('/v1/journeys'),
    instances: await q(
      'SELECT customer_id, journey, instance_id, status, started_at, last_activity_at, channels, steps FROM rm_journey_instances ORDER BY 1, 2, 3',
    ),
    facts: await q('SELECT count(*)::int AS n FROM rm_touchpoints'),
  };
}

describe('erasure: DELETE /v1/customers/{customerId}', () => {
  let t: TestApp;
  const history = async (customerId: string) =>
    (
      await request(t.server)
        .get(`/v1/audit/customers/${customerId}/events`)
        .set(bearer(t.keys.audit))
        .expect(200)
    ).body.events;
  // Read and audit scopes: comments are shown decrypted.
  const journeys = async (customerId: string, query = '') =>
    (
      await request(t.server)
        .get(`/v1/customers/${customerId}/journeys${query}`)
        .set(bearer(t.keys.all))
        .expect(200)
    ).body.journeys;
  const feedback = (id: string, customerId: string, comment: string, touchpointId: string) =>
    request(t.server)
      .post('/v1/feedback')
      .set(bearer(t.keys.ingest))
      .send({
        id,
        customerId,
        kind: 'csat',
        score: 1,
        occurredAt: '2026-05-02T10:00:00Z',
        journey: 'onboarding',
        touchpointId,
        comment,
      })
      .expect(202);
  let before: Awaited<ReturnType<typeof aggregates>>;
  let erasedAt: string;

  beforeAll(async () => {
    t = await startTestApp({}, { projector: true });
    await request(t.server)
      .put('/v1/journeys/onboarding/definition')
      .set(bearer(t.keys.admin))
      .send({
        stages: [{ name: 'all', steps: ['visit', 'signup', 'activated'] }],
        goalSteps: ['activated'],
        personalAttributes: ['email', 'phone'],
      })
      .expect(201);
    const tp = (o: Record<string, unknown>) =>
      touchpoint({
        journey: 'onboarding',
        step: 'signup',
        occurredAt: '2026-05-01T10:00:00Z',
        ...o,
      });
    await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .send({
        touchpoints: [
          tp({
            id: 'e0',
            customerId: undefined,
            anonymousId: 'v-erin',
            step: 'visit',
            occurredAt: '2026-05-01T09:00:00Z',
            attributes: { email: SECRETS.anonymousEmail },
          }),
          tp({
            id: 'e1',
            customerId: 'c-erin',
            agentId: SECRETS.agentId,
            attributes: { email: SECRETS.email, phone: SECRETS.phone, plan: 'pro', seats: 3 },
          }),
          tp({
            id: 'e2',
            customerId: 'c-erin',
            step: 'activated',
            occurredAt: '2026-05-01T11:00:00Z',
          }),
          tp({ id: 'k1', customerId: 'c-keep', agentId: KEPT.agentId }),
        ],
      })
      .expect(202);
    await request(t.server)
      .post('/v1/identities')
      .set(bearer(t.keys.ingest))
      .send({ anonymousId: 'v-erin', customerId: 'c-erin', occurredAt: '2026-05-01T09:30:00Z' })
      .expect(202);
    await feedback('fb-erin', 'c-erin', SECRETS.comment, 'e2');
    await feedback('fb-keep', 'c-keep', KEPT.comment, 'k1');
    await t.settle();
    before = await aggregates(t);
  });
  afterAll(async () => t?.close());

  it('before: personal data is stored encrypted only, and shown decrypted to those who may read it', async () => {
    for (const secret of [...Object.values(SECRETS), ...Object.values(KEPT)])
      expect([secret, await whereIs(t, secret)]).toEqual([secret, []]);
    const events = await history('c-erin');
    const signup = events.find(
      (e: { data: { touchpointId?: string } }) => e.data.touchpointId === 'e1',
    );
    expect(signup.data).toMatchObject({
      agentId: SECRETS.agentId,
      attributes: { email: SECRETS.email, phone: SECRETS.phone, plan: 'pro', seats: 3 },
    });
    expect((await journeys('c-erin'))[0].feedback[0].comment).toBe(SECRETS.comment);
  });

  it('refuses without the admin scope, and answers 404 for a customer it has never seen', async () => {
    await request(t.server).delete('/v1/customers/c-erin').set(bearer(t.keys.audit)).expect(403);
    const res = await request(t.server)
      .delete('/v1/customers/nobody')
      .set(bearer(t.keys.admin))
      .expect(404);
    expect(res.body.error).toBe('CUSTOMER_NOT_FOUND');
  });

  it('destroys the keys of the customer and their anonymous ids and records CustomerErased; a repeat changes nothing', async () => {
    const res = await request(t.server)
      .delete('/v1/customers/c-erin')
      .set(bearer(t.keys.admin))
      .expect(200);
    expect(res.body).toMatchObject({
      customerId: 'c-erin',
      status: 'erased',
      anonymousIds: ['v-erin'],
      erasedAt: expect.any(String),
    });
    expect(res.body.keyIds).toHaveLength(2);
    erasedAt = res.body.erasedAt;
    const keys = await t.db.pool.query(
      `SELECT subject, key_material IS NULL AS gone, destroyed_at IS NOT NULL AS destroyed FROM customer_keys ORDER BY subject`,
    );
    expect(keys.rows).toEqual([
      { subject: 'anonymous-v-erin', gone: true, destroyed: true },
      { subject: 'customer-c-erin', gone: true, destroyed: true },
      { subject: 'customer-c-keep', gone: false, destroyed: false },
    ]);
    const again = await request(t.server)
      .delete('/v1/customers/c-erin')
      .set(bearer(t.keys.admin))
      .expect(200);
    expect(again.body).toMatchObject({ status: 'already_erased', keyIds: [] });
    await t.settle();
  });

  it('after: history shows [erased] where personal data was, and nothing else changed', async () => {
    const events = await history('c-erin');
    expect(
      events.map((e: { type: string }) => e.type).filter((x: string) => x === 'CustomerErased'),
    ).toHaveLength(1);
    const erased = events.find((e: { type: string }) => e.type === 'CustomerErased');
    expect(erased.data).toEqual({
      customerId: 'c-erin',
      anonymousIds: ['v-erin'],
      keyIds: expect.any(Array),
      erasedAt,
    });
    const byId = (id: string) =>
      events.find((e: { data: { touchpointId?: string } }) => e.data.touchpointId === id);
    expect(byId('e1').data).toMatchObject({
      agentId: '[erased]',
      attributes: { email: '[erased]', phone: '[erased]', plan: 'pro', seats: 3 },
      step: 'signup',
    });
    expect(byId('e0').data.attributes).toEqual({ email: '[erased]' });
    expect(events.find((e: { type: string }) => e.type === 'FeedbackGiven').data).toMatchObject({
      comment: '[erased]',
      score: 1,
    });
    // The other customer is untouched.
    const kept = await history('c-keep');
    expect(kept[0].data.agentId).toBe(KEPT.agentId);
    expect((await journeys('c-keep'))[0].feedback[0].comment).toBe(KEPT.comment);
  });

  it('after: read models hold no personal field, the customer journeys show [erased], aggregates are unchanged', async () => {
    const stored = await t.db.pool.query(`SELECT customer_id, comment FROM rm_feedback ORDER BY 1`);
    expect(stored.rows[0]).toEqual({ customer_id: 'c-erin', comment: '[erased]' });
    expect(stored.rows[1].comment).toMatch(/^enc:v2:/);
    expect((await journeys('c-erin'))[0].feedback[0].comment).toBe('[erased]');
    expect(await aggregates(t)).toEqual(before);
  });

  it('after: no plaintext of an erased field is anywhere in the database, and nothing can decrypt it', async () => {
    for (const secret of Object.values(SECRETS))
      expect([secret, await whereIs(t, secret)]).toEqual([secret, []]);
    const replayed = await journeys(
      'c-erin',
      `?asOf=${new Date(Date.parse(erasedAt) - 1).toISOString()}`,
    );
    expect(replayed[0].feedback[0].comment).toBe('[erased]');
  });

  it('after: the hash chains still verify (the hashes cover the ciphertext)', async () => {
    const res = await request(t.server)
      .get('/v1/audit/customers/c-erin/verify')
      .set(bearer(t.keys.audit))
      .expect(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.streams.map((s: { stream: string }) => s.stream)).toEqual([
      'customer-c-erin',
      'anonymous-v-erin',
    ]);
  });

  it('a rebuild gives the same read models; data recorded after the erasure gets a new key and stays', async () => {
    await feedback('fb-later', 'c-erin', 'came back later', 'e2');
    await t.settle();
    const snapshot = async () => ({
      ...(await aggregates(t)),
      feedback: (await t.db.pool.query('SELECT * FROM rm_feedback ORDER BY 1, 2')).rows,
    });
    const live = await snapshot();
    expect(
      live.feedback.map((f: { feedback_id: string; comment: string }) => [
        f.feedback_id,
        f.comment.slice(0, 7),
      ]),
    ).toEqual([
      ['fb-erin', '[erased'],
      ['fb-later', 'enc:v2:'],
      ['fb-keep', 'enc:v2:'],
    ]);
    await rebuildProjection(t.store, t.db.url, () => new JourneysProjection());
    expect(await snapshot()).toEqual(live);
    const comments = (await journeys('c-erin'))[0].feedback.map(
      (f: { comment: string }) => f.comment,
    );
    expect(comments.sort()).toEqual(['[erased]', 'came back later']);
  });

  it('a later erasure that reuses an x-request-id is still recorded, and erases what came since', async () => {
    const erase = () =>
      request(t.server)
        .delete('/v1/customers/c-erin')
        .set(bearer(t.keys.admin))
        .set('x-request-id', 'erase-reused')
        .expect(200);
    const erasures = async () =>
      (await history('c-erin')).filter((e: { type: string }) => e.type === 'CustomerErased');
    const before = (await erasures()).length;
    expect((await erase()).body.status).toBe('erased');
    await feedback('fb-again', 'c-erin', 'and once more', 'e2');
    expect((await erase()).body.status).toBe('erased');
    expect(await erasures()).toHaveLength(before + 2);
    await t.settle();
    const comments = (await journeys('c-erin'))[0].feedback.map(
      (f: { comment: string }) => f.comment,
    );
    expect(comments).toEqual(['[erased]', '[erased]', '[erased]']);
  });
});
