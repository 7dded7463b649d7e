import request from 'supertest';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';
import {
  defineJourney,
  linkIdentity,
  onboardingDefinition,
  onboardingTouchpoint,
  postTouchpoints,
  sendFeedback,
} from './requests';

const definition = onboardingDefinition;

const at = (day: number, minute = 0) => new Date(Date.UTC(2026, 3, day, 9, minute)).toISOString();

describe('GET /v1/customers/{customerId}/journeys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { projector: true });
    await defineJourney(t, 'onboarding', definition);
  });
  afterAll(async () => t?.close());
  const ingest = (touchpoints: object[]) => postTouchpoints(t, touchpoints);
  const journeys = async (customerId: string, query = '') => {
    await t.settle();
    return (
      await request(t.server)
        .get(`/v1/customers/${customerId}/journeys${query}`)
        .set(bearer(t.keys.read))
        .expect(200)
    ).body;
  };
  const tp = onboardingTouchpoint;

  it('given the steps of a completed onboarding, then one completed instance with ordered steps and times', async () => {
    await ingest([
      tp('c-1', 't1', 'start', at(1, 0)),
      tp('c-1', 't2', 'details', at(1, 5)),
      tp('c-1', 't3', 'id-check', at(1, 20), { channel: 'mobile_app', outcome: 'failure' }),
      tp('c-1', 't4', 'id-check', at(1, 50), { channel: 'phone' }),
      tp('c-1', 't5', 'activated', at(1, 55), { channel: 'phone' }),
    ]);
    const body = await journeys('c-1');
    expect(body.journeys).toHaveLength(1);
    const [j] = body.journeys;
    expect(j).toMatchObject({
      journey: 'onboarding',
      instanceId: 'auto:t1',
      status: 'completed',
      startedAt: at(1, 0),
      lastActivityAt: at(1, 55),
    });
    expect(j.steps.map((s: { step: string }) => s.step)).toEqual([
      'start',
      'details',
      'id-check',
      'id-check',
      'activated',
    ]);
    expect(j.steps.map((s: { sincePreviousMs: number | null }) => s.sincePreviousMs)).toEqual([
      null,
      300_000,
      900_000,
      1_800_000,
      300_000,
    ]);
    expect(j.steps[2]).toMatchObject({
      stage: 'verify',
      channel: 'mobile_app',
      outcome: 'failure',
      touchpointId: 't3',
    });
    expect([...j.channels].sort()).toEqual(['mobile_app', 'phone', 'web']);
  });

  it('given a late touchpoint, then it takes its place by occurredAt and the times are corrected', async () => {
    await ingest([tp('c-late', 'a', 'start', at(2, 0)), tp('c-late', 'c', 'id-check', at(2, 30))]);
    expect(
      (await journeys('c-late')).journeys[0].steps.map((s: { step: string }) => s.step),
    ).toEqual(['start', 'id-check']);
    await ingest([tp('c-late', 'b', 'details', at(2, 10))]);
    const [j] = (await journeys('c-late')).journeys;
    expect(j.steps.map((s: { step: string }) => s.step)).toEqual(['start', 'details', 'id-check']);
    expect(j.steps.map((s: { sincePreviousMs: number | null }) => s.sincePreviousMs)).toEqual([
      null,
      600_000,
      1_200_000,
    ]);
  });

  it('starts a new instance after a goal step, and after abandonAfter without activity', async () => {
    await ingest([
      tp('c-2', 'x1', 'start', at(1)),
      tp('c-2', 'x2', 'rejected', at(1, 10)),
      tp('c-2', 'x3', 'start', at(3)),
      tp('c-2', 'x4', 'start', at(3 + 31)), // 31 days later
    ]);
    const body = await journeys('c-2');
    expect(
      body.journeys.map((j: { instanceId: string; status: string }) => [j.instanceId, j.status]),
    ).toEqual([
      ['auto:x4', 'active'],
      ['auto:x3', 'abandoned'],
      ['auto:x1', 'failed'],
    ]);
  });

  it('groups by journeyInstanceId when the emitter gives one', async () => {
    await ingest([
      tp('c-3', 'k1', 'start', at(1), { journeyInstanceId: 'case-9' }),
      tp('c-3', 'k2', 'details', at(20), { journeyInstanceId: 'case-9' }),
    ]);
    const [j] = (await journeys('c-3')).journeys;
    expect(j).toMatchObject({ instanceId: 'case-9', status: 'active' });
    expect(j.steps).toHaveLength(2);
  });

  it('once an anonymous id is linked, its touchpoints (past and future) belong to the customer', async () => {
    await ingest([
      touchpoint({
        id: 'an-1',
        customerId: undefined,
        anonymousId: 'anon-5',
        journey: 'onboarding',
        step: 'start',
        occurredAt: at(5),
      }),
    ]);
    expect((await journeys('anon-5')).journeys).toHaveLength(1);
    await linkIdentity(t, { anonymousId: 'anon-5', customerId: 'c-5', occurredAt: at(5, 5) });
    await ingest([
      touchpoint({
        id: 'an-2',
        customerId: undefined,
        anonymousId: 'anon-5',
        journey: 'onboarding',
        step: 'details',
        occurredAt: at(5, 10),
      }),
      tp('c-5', 'k-1', 'id-check', at(5, 20)),
    ]);
    expect((await journeys('anon-5')).journeys).toEqual([]);
    const [j] = (await journeys('c-5')).journeys;
    expect(j.steps.map((s: { touchpointId: string }) => s.touchpointId)).toEqual([
      'an-1',
      'an-2',
      'k-1',
    ]);
  });

  it('attaches feedback to its instance', async () => {
    await ingest([tp('c-6', 'f1', 'start', at(7)), tp('c-6', 'f2', 'activated', at(7, 3))]);
    await sendFeedback(t, {
      id: 'fb-1',
      customerId: 'c-6',
      kind: 'csat',
      score: 2,
      occurredAt: at(7, 4),
      touchpointId: 'f2',
      comment: 'slow',
    });
    // A read key sees the comment redacted; one with the audit scope too sees it.
    const [j] = (await journeys('c-6')).journeys;
    expect(j.feedback).toEqual([
      { feedbackId: 'fb-1', kind: 'csat', score: 2, comment: '[redacted]', occurredAt: at(7, 4) },
    ]);
    const audited = await request(t.server)
      .get('/v1/customers/c-6/journeys')
      .set(bearer(t.keys.all))
      .expect(200);
    expect(audited.body.journeys[0].feedback[0].comment).toBe('slow');
  });

  it('pages with limit and cursor, and filters by journey', async () => {
    await ingest([1, 2, 3].map((d) => tp('c-7', `p${d}`, 'activated', at(d))));
    await ingest([
      touchpoint({
        id: 'other',
        customerId: 'c-7',
        journey: 'support',
        step: 'call',
        occurredAt: at(9),
      }),
    ]);
    const first = await journeys('c-7', '?journey=onboarding&limit=2');
    expect(first.journeys.map((j: { instanceId: string }) => j.instanceId)).toEqual([
      'auto:p3',
      'auto:p2',
    ]);
    const second = await journeys('c-7', `?journey=onboarding&limit=2&cursor=${first.nextCursor}`);
    expect(second.journeys.map((j: { instanceId: string }) => j.instanceId)).toEqual(['auto:p1']);
    expect(second.nextCursor).toBeNull();
    expect((await journeys('c-7')).journeys).toHaveLength(4);
  });

  it('pages past instances of several journeys that share a start and an id', async () => {
    await ingest(
      ['j3', 'j4', 'j5'].map((journey) =>
        touchpoint({
          id: `same-${journey}`,
          customerId: 'c-same',
          journey,
          step: 'x',
          journeyInstanceId: 'Z',
          occurredAt: at(4),
        }),
      ),
    );
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 5; page++) {
      const res = await journeys('c-same', `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.journeys.map((j: { journey: string }) => j.journey));
      if (!res.nextCursor) break;
      cursor = res.nextCursor;
    }
    expect(seen).toEqual(['j5', 'j4', 'j3']);
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=abc', 'limit'],
    ['?journey=Bad', 'journey'],
    ['?cursor=zzz', 'cursor'],
    // A cursor of no real instant (PostgreSQL refused it: a 500).
    [`?cursor=${Buffer.from('["2026-02-30T08:01:00.000Z","x"]').toString('base64url')}`, 'cursor'],
  ])('refuses %s naming %s', async (query, field) => {
    const res = await request(t.server)
      .get(`/v1/customers/c-1/journeys${query}`)
      .set(bearer(t.keys.read))
      .expect(400);
    expect(res.body).toMatchObject({
      error: 'INVALID_QUERY',
      details: [expect.objectContaining({ field })],
    });
  });

  it('reports the projection caught up', async () => {
    await t.settle();
    const res = await request(t.server).get('/v1/projections').set(bearer(t.keys.read)).expect(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        name: 'journeys',
        lagEvents: 0,
        status: 'caught-up',
        eventsProcessed: expect.any(Number),
      }),
    ]);
    expect(res.body[0].eventsProcessed).toBeGreaterThan(20);
    // The projector of this app holds the lease: host:pid:nonce.
    expect(res.body[0].lease).toMatchObject({
      owner: expect.stringContaining(`:${process.pid}:`),
      generation: 1,
      held: true,
    });
  });
});
