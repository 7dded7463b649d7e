import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';

const at = (minute: number) => new Date(Date.UTC(2026, 3, 1, 9, minute)).toISOString();

describe('audit history and the access log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { projector: true });
    const post = (path: string, body: object, headers: Record<string, string> = {}) =>
      request(t.server).post(path).set(bearer(t.keys.ingest)).set(headers).send(body).expect(202);
    // Anonymous browsing, then the visitor signs up as c-h1 and carries on, with feedback.
    await post('/v1/touchpoints', {
      touchpoints: [
        touchpoint({
          id: 'a1',
          customerId: undefined,
          anonymousId: 'v-1',
          step: 'visit',
          occurredAt: at(0),
        }),
        touchpoint({
          id: 'a2',
          customerId: undefined,
          anonymousId: 'v-1',
          step: 'pricing',
          occurredAt: at(1),
        }),
      ],
    });
    await post(
      '/v1/identities',
      { anonymousId: 'v-1', customerId: 'c-h1', occurredAt: at(2) },
      { 'x-request-id': 'req-link' },
    );
    await post(
      '/v1/touchpoints',
      {
        touchpoints: [
          touchpoint({
            id: 'h1',
            customerId: 'c-h1',
            step: 'signup',
            occurredAt: at(3),
            agentId: 'agent-9',
          }),
          touchpoint({ id: 'h2', customerId: 'c-h1', step: 'activated', occurredAt: at(4) }),
        ],
      },
      { 'x-request-id': 'req-tp', 'x-correlation-id': 'corr-1' },
    );
    await post('/v1/feedback', {
      id: 'fb-1',
      customerId: 'c-h1',
      kind: 'csat',
      score: 5,
      occurredAt: at(5),
      comment: 'lovely onboarding',
    });
    // Someone else, who must not show up.
    await post('/v1/touchpoints', touchpoint({ id: 'o1', customerId: 'c-other' }));
    await t.settle();
  });
  afterAll(async () => t?.close());

  const events = (customerId: string, query = '', key = t.keys.audit) =>
    request(t.server).get(`/v1/audit/customers/${customerId}/events${query}`).set(bearer(key));

  it('given a customer with a linked anonymous id, then every event of both streams comes in global order, as stored', async () => {
    const res = await events('c-h1').expect(200);
    expect(res.body.streams).toEqual(['customer-c-h1', 'anonymous-v-1']);
    const list = res.body.events;
    expect(list.map((e: { type: string }) => e.type)).toEqual([
      'TouchpointRecorded',
      'TouchpointRecorded',
      'CustomerIdentified',
      'TouchpointRecorded',
      'TouchpointRecorded',
      'FeedbackGiven',
    ]);
    expect(list.map((e: { stream: string; revision: number }) => [e.stream, e.revision])).toEqual([
      ['anonymous-v-1', 0],
      ['anonymous-v-1', 1],
      ['anonymous-v-1', 2],
      ['customer-c-h1', 0],
      ['customer-c-h1', 1],
      ['customer-c-h1', 2],
    ]);
    const signup = list[3];
    expect(signup).toMatchObject({
      type: 'TouchpointRecorded',
      version: 1,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      position: expect.stringMatching(/^\d+\/\d+$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      data: { touchpointId: 'h1', step: 'signup', agentId: 'agent-9' },
      metadata: {
        requestId: 'req-tp',
        correlationId: 'corr-1',
        causationId: 'req-tp',
        source: 'ingest-test',
        apiKeyId: expect.any(String),
        schemaVersion: 1,
      },
    });
    expect(signup.metadata.hash).toBeUndefined();
    expect(Date.parse(signup.recordedAt)).toBeGreaterThan(Date.parse('2026-01-01'));
    // Personal data is stored encrypted and shown decrypted.
    expect(list[5].data.comment).toBe('lovely onboarding');
    const stored = await t.db.pool.query(
      `SELECT data->>'comment' AS comment FROM es_events WHERE type = 'FeedbackGiven'`,
    );
    expect(stored.rows[0].comment).toMatch(/^enc:v2:/);
  });

  it("given a stored comment copied into another customer's stream, then it is not revealed there (the subject is bound in its AAD)", async () => {
    const [original] = (await t.store.readStream('customer-c-h1')).filter(
      (e) => e.type === 'FeedbackGiven',
    );
    // What someone with write access to the store could do: replay the ciphertext elsewhere.
    await t.store.appendToStream('customer-c-copy', [
      {
        id: randomUUID(),
        type: 'FeedbackGiven',
        data: { ...original.data, customerId: 'c-copy', feedbackId: 'fb-copy' },
        metadata: { schemaVersion: 1 },
      },
    ]);
    const copied = (await events('c-copy').expect(200)).body.events;
    expect(copied).toHaveLength(1);
    expect(copied[0].data.comment).toBe('[erased]');
    const own = (await events('c-h1').expect(200)).body.events;
    expect(own[5].data.comment).toBe('lovely onboarding');
  });

  it('pages with a cursor: every event once, in order', async () => {
    const all = (await events('c-h1').expect(200)).body.events;
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: { events: { id: string }[]; nextCursor: string | null } = (
        await events(
          'c-h1',
          `?limit=4${after ? `&after=${encodeURIComponent(after)}` : ''}`,
        ).expect(200)
      ).body;
      seen.push(...page.events.map((e) => e.id));
      after = page.nextCursor;
      if (!after) break;
    }
    expect(seen).toEqual(all.map((e: { id: string }) => e.id));
    expect(seen).toHaveLength(6);
  });

  it('exports the same events as NDJSON', async () => {
    const all = (await events('c-h1').expect(200)).body.events;
    const res = await request(t.server)
      .get('/v1/audit/customers/c-h1/export')
      .set(bearer(t.keys.audit))
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString('utf8')));
        r.on('end', () => done(null, text));
      })
      .expect(200)
      .expect('Content-Type', /application\/x-ndjson/);
    const lines = (res.body as string).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(all);
  });

  it('answers 404 for an unknown customer, 400 for a bad query, 401/403 without the audit scope', async () => {
    expect((await events('nobody').expect(404)).body.error).toBe('CUSTOMER_NOT_FOUND');
    const bad = await events('c-h1', '?limit=0&after=nope').expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'after',
      'limit',
    ]);
    await events('c-h1', '', t.keys.read).expect(403);
    await request(t.server).get('/v1/audit/customers/c-h1/events').expect(401);
  });

  it('records every read in the append-only access log: who, what, when, request id', async () => {
    const before = Date.now();
    await request(t.server)
      .get('/v1/audit/customers/c-h1/events?limit=2')
      .set(bearer(t.keys.audit))
      .set('x-request-id', 'audit-read-1')
      .expect(200)
      .expect('x-request-id', 'audit-read-1');
    const exported = await request(t.server)
      .get('/v1/audit/customers/c-h1/export')
      .set(bearer(t.keys.all))
      .expect(200);
    const generated = exported.headers['x-request-id'];
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    // Refused reads (missing scope) are not reads.
    await events('c-h1', '', t.keys.read).expect(403);

    const keys = (await request(t.server).get('/v1/api-keys').set(bearer(t.keys.admin))).body;
    const idOf = (name: string) => keys.find((k: { name: string }) => k.name === name).id;
    const log = (
      await request(t.server)
        .get('/v1/audit/access-log?limit=3')
        .set(bearer(t.keys.admin))
        .expect(200)
    ).body;
    // Newest first; reading the log is logged too.
    expect(log.entries.map((e: { action: string }) => e.action)).toEqual([
      'access-log.read',
      'customer.export',
      'customer.events',
    ]);
    const [, exportEntry, eventsEntry] = log.entries;
    expect(eventsEntry).toMatchObject({
      apiKeyId: idOf('audit-test'),
      actor: 'audit-test',
      customerId: 'c-h1',
      requestId: 'audit-read-1',
      detail: { method: 'GET', path: '/v1/audit/customers/c-h1/events', query: { limit: '2' } },
    });
    expect(Date.parse(eventsEntry.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(exportEntry).toMatchObject({
      apiKeyId: idOf('all-test'),
      action: 'customer.export',
      requestId: generated,
    });
    // Paging the log.
    const next = (
      await request(t.server)
        .get(`/v1/audit/access-log?limit=3&cursor=${log.nextCursor}`)
        .set(bearer(t.keys.admin))
        .expect(200)
    ).body;
    expect(Number(next.entries[0].id)).toBeLessThan(Number(eventsEntry.id));

    // The log needs the admin scope, and cannot be changed.
    await request(t.server).get('/v1/audit/access-log').set(bearer(t.keys.audit)).expect(403);
    await expect(t.db.pool.query('UPDATE audit_access_log SET actor = $1', ['x'])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.pool.query('DELETE FROM audit_access_log')).rejects.toThrow(/append-only/);
    await expect(t.db.pool.query('TRUNCATE audit_access_log')).rejects.toThrow(/append-only/);
  });
});
