import request from 'supertest';
import { customerStream } from '@journey/events';
import { bearer, startTestApp, TestApp } from './harness';

const feedback = (o: Record<string, unknown> = {}) => ({
  id: `fb-${Math.random().toString(36).slice(2)}`,
  customerId: 'c-fb',
  kind: 'csat',
  score: 4,
  occurredAt: '2026-05-01T10:00:00+02:00',
  ...o,
});

const definition = {
  stages: [
    { name: 'apply', steps: ['start', 'details'] },
    { name: 'verify', steps: ['id-check', 'id-check-failed'] },
    { name: 'done', steps: ['activated'] },
  ],
  goalSteps: ['activated'],
  failureSteps: ['id-check-failed'],
  abandonAfter: 'P14D',
  stepSla: { 'id-check': 3_600_000 },
};

describe('feedback, identities and journey definitions', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({}, { projector: true })));
  afterAll(async () => t?.close());

  describe('POST /v1/feedback', () => {
    it('stores FeedbackGiven in the customer stream, once per id, its comment encrypted', async () => {
      const fb = feedback({
        comment: 'quick and easy',
        journey: 'onboarding',
        channel: 'web',
        touchpointId: 'tp-1',
      });
      const post = () => request(t.server).post('/v1/feedback').set(bearer(t.keys.ingest)).send(fb);
      expect((await post().expect(202)).body).toEqual({ id: fb.id, status: 'accepted' });
      expect((await post().expect(202)).body).toEqual({ id: fb.id, status: 'duplicate' });
      const events = await t.store.readStream(customerStream('c-fb'));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'FeedbackGiven', data: { kind: 'csat', score: 4 } });
      expect(events[0].data.comment).toMatch(/^enc:v2:/);
      expect(JSON.stringify(events[0].data)).not.toContain('quick and easy');
    });

    it.each([
      [{ kind: 'csat', score: 0 }, 'score', 'range'],
      [{ kind: 'csat', score: 6 }, 'score', 'range'],
      [{ kind: 'nps', score: 11 }, 'score', 'range'],
      [{ kind: 'nps', score: -1 }, 'score', 'range'],
      [{ kind: 'ces', score: 8 }, 'score', 'range'],
      [{ kind: 'ces', score: 2.5 }, 'score', 'type'],
      [{ kind: 'stars' }, 'kind', 'enum'],
      [{ comment: 'x'.repeat(2001) }, 'comment', 'length'],
      [{ customerId: undefined }, 'customerId', 'required'],
      [{ occurredAt: '2099-01-01T00:00:00Z' }, 'occurredAt', 'notInFuture'],
      [{ mood: 'happy' }, 'mood', 'unknownField'],
      [{ occurredAt: '1969-12-31T00:00:00Z' }, 'occurredAt', 'min'],
      [{ id: 'f\u0000' }, 'id', 'charset'],
      [{ comment: 'bad \udc00 half' }, 'comment', 'charset'],
      [{ comment: 'enc:v1:copied-from-elsewhere' }, 'comment', 'reserved'],
    ])('refuses %o naming %s / %s', async (o, field, rule) => {
      const res = await request(t.server)
        .post('/v1/feedback')
        .set(bearer(t.keys.ingest))
        .send(feedback(o))
        .expect(400);
      expect(res.body.error).toBe('INVALID_FEEDBACK');
      expect(res.body.details).toContainEqual({
        index: null,
        field,
        rule,
        message: expect.any(String),
      });
    });

    it.each([
      ['csat', 1],
      ['csat', 5],
      ['nps', 0],
      ['nps', 10],
      ['ces', 1],
      ['ces', 7],
    ])('accepts %s %d', async (kind, score) => {
      await request(t.server)
        .post('/v1/feedback')
        .set(bearer(t.keys.ingest))
        .send(feedback({ kind, score }))
        .expect(202);
    });
  });

  describe('POST /v1/identities', () => {
    const post = (body: object) =>
      request(t.server).post('/v1/identities').set(bearer(t.keys.ingest)).send(body);

    it('links an anonymous id to a customer once; linking it to another customer is refused', async () => {
      const link = { anonymousId: 'anon-1', customerId: 'c-7', occurredAt: '2026-05-01T10:00:00Z' };
      expect((await post(link).expect(202)).body).toEqual({
        anonymousId: 'anon-1',
        customerId: 'c-7',
        status: 'accepted',
      });
      expect((await post(link).expect(202)).body.status).toBe('duplicate');
      const res = await post({ ...link, customerId: 'c-8' }).expect(409);
      expect(res.body.error).toBe('ANONYMOUS_ID_ALREADY_LINKED');
      const events = await t.store.readStream('anonymous-anon-1');
      expect(events.map((e) => [e.type, e.data.customerId])).toEqual([
        ['CustomerIdentified', 'c-7'],
      ]);
    });

    it('refuses bad input naming the field', async () => {
      const res = await post({ anonymousId: '', customerId: 'c', occurredAt: 'now' }).expect(400);
      expect(res.body.error).toBe('INVALID_IDENTITY');
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'anonymousId',
        'occurredAt',
      ]);
    });

    it('refuses ids PostgreSQL could not store, and times before 1970', async () => {
      const res = await post({
        anonymousId: 'a\u0000',
        customerId: 'c',
        occurredAt: '0001-01-01T00:00:00Z',
      }).expect(400);
      expect(
        res.body.details.map((d: { field: string; rule: string }) => [d.field, d.rule]),
      ).toEqual([
        ['anonymousId', 'charset'],
        ['occurredAt', 'min'],
      ]);
    });
  });

  describe('PUT and GET /v1/journeys/{journey}/definition', () => {
    const put = (body: object, journey = 'onboarding') =>
      request(t.server)
        .put(`/v1/journeys/${journey}/definition`)
        .set(bearer(t.keys.admin))
        .send(body);

    it('defines, returns, and versions a journey; the same definition again changes nothing', async () => {
      const first = await put(definition).expect(201);
      expect(first.body).toMatchObject({ journey: 'onboarding', version: 1, abandonAfter: 'P14D' });
      await put(definition).expect(200);
      const changed = await put({ ...definition, abandonAfter: 'P7D' }).expect(200);
      expect(changed.body.version).toBe(2);
      await t.settle();
      const got = await request(t.server)
        .get('/v1/journeys/onboarding/definition')
        .set(bearer(t.keys.read))
        .expect(200);
      expect(got.body).toMatchObject({
        ...definition,
        abandonAfter: 'P7D',
        version: 2,
        journey: 'onboarding',
      });
      expect(await t.store.readStream('journey-definition-onboarding')).toHaveLength(2);
    });

    it('defaults abandonAfter to P30D and the optional parts to empty', async () => {
      const res = await put(
        { stages: [{ name: 's', steps: ['a', 'b'] }], goalSteps: ['b'] },
        'minimal',
      ).expect(201);
      expect(res.body).toMatchObject({
        abandonAfter: 'P30D',
        failureSteps: [],
        stepSla: {},
        personalAttributes: [],
        personalByDefault: false,
        nonPersonalAttributes: [],
      });
    });

    it('404 for a journey without a definition', async () => {
      const res = await request(t.server)
        .get('/v1/journeys/nothing/definition')
        .set(bearer(t.keys.read))
        .expect(404);
      expect(res.body.error).toBe('NOT_FOUND');
    });

    it.each([
      [{ ...definition, goalSteps: ['nowhere'] }, 'goalSteps.0', 'definedStep'],
      [{ ...definition, failureSteps: ['activated'] }, 'failureSteps', 'disjoint'],
      [{ ...definition, abandonAfter: '30 days' }, 'abandonAfter', 'duration'],
      [{ ...definition, stepSla: { 'id-check': -5 } }, 'stepSla.id-check', 'min'],
      [{ ...definition, stepSla: { 'id-check': '100' } }, 'stepSla.id-check', 'type'],
      [{ ...definition, stepSla: { ghost: 5 } }, 'stepSla.ghost', 'definedStep'],
      [{ ...definition, stages: [] }, 'stages', 'minItems'],
      [
        {
          ...definition,
          stages: [
            { name: 'a', steps: ['x'] },
            { name: 'a', steps: ['y'] },
          ],
          goalSteps: ['x'],
          failureSteps: [],
          stepSla: {},
        },
        'stages.1.name',
        'unique',
      ],
      [
        {
          ...definition,
          stages: [
            { name: 'a', steps: ['x'] },
            { name: 'b', steps: ['x'] },
          ],
          goalSteps: ['x'],
          failureSteps: [],
          stepSla: {},
        },
        'stages.1.steps.0',
        'unique',
      ],
      [{ ...definition, stages: [{ name: '', steps: ['x'] }] }, 'stages.0.name', 'length'],
      [{ ...definition, goalSteps: undefined }, 'goalSteps', 'required'],
      [{ ...definition, nonPersonalAttributes: ['plan'] }, 'nonPersonalAttributes', 'requires'],
      [
        { ...definition, personalByDefault: true, personalAttributes: ['email'] },
        'personalAttributes',
        'exclusive',
      ],
      [
        { ...definition, personalByDefault: true, nonPersonalAttributes: ['a', 'a'] },
        'nonPersonalAttributes.1',
        'unique',
      ],
      [{ ...definition, owner: 'me' }, 'owner', 'unknownField'],
      [
        { ...definition, stages: [{ name: 'a', steps: ['x\u0000'] }], goalSteps: ['x\u0000'] },
        'stages.0.steps.0',
        'charset',
      ],
    ])('refuses %#: %s / %s', async (body, field, rule) => {
      const res = await put(body as object, 'refused').expect(400);
      expect(res.body.error).toBe('INVALID_JOURNEY_DEFINITION');
      expect(res.body.details).toContainEqual({
        index: null,
        field,
        rule,
        message: expect.any(String),
      });
    });

    it('given personalByDefault, then every attribute but the plain ones is stored encrypted, and the definition says so', async () => {
      const res = await put(
        { ...definition, personalByDefault: true, nonPersonalAttributes: ['plan'] },
        'private',
      ).expect(201);
      expect(res.body).toMatchObject({
        personalByDefault: true,
        nonPersonalAttributes: ['plan'],
        personalAttributes: [],
      });
      await request(t.server)
        .post('/v1/touchpoints')
        .set(bearer(t.keys.ingest))
        .send({
          id: 'pbd-1',
          customerId: 'c-pbd',
          journey: 'private',
          step: 'start',
          channel: 'web',
          occurredAt: '2026-05-01T10:00:00Z',
          attributes: { note: 'call me on 0170 1234567', plan: 'pro' },
        })
        .expect(202);
      const [stored] = await t.store.readStream(customerStream('c-pbd'));
      const attributes = (stored.data as { attributes: Record<string, unknown> }).attributes;
      expect(attributes.note).toMatch(/^enc:v2:/);
      expect(attributes.plan).toBe('pro');
    });

    it('refuses a journey name that is not a slug', async () => {
      const res = await put(definition, 'Bad%20Name').expect(400);
      expect(res.body.details[0]).toMatchObject({ field: 'journey', rule: 'pattern' });
    });

    it('needs the admin scope to define and read to get', async () => {
      await request(t.server)
        .put('/v1/journeys/x/definition')
        .set(bearer(t.keys.ingest))
        .send(definition)
        .expect(403);
      await request(t.server)
        .get('/v1/journeys/x/definition')
        .set(bearer(t.keys.ingest))
        .expect(403);
    });
  });
});
