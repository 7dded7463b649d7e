import request from 'supertest';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';
import { defineJourney, postTouchpoints } from './requests';

const at = (day: number, minutes: number) =>
  new Date(Date.UTC(2026, 5, day, 9) + minutes * 60_000).toISOString();
type Edge = { from: string; to: string; count: number; instances: number; medianMs: number | null };

describe('GET /v1/journey-maps/{journey}', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { projector: true });
    await defineJourney(t, 'kyc', {
      stages: [
        { name: 'apply', steps: ['start', 'details'] },
        { name: 'verify', steps: ['id-check'] },
        { name: 'done', steps: ['activated'] },
      ],
      goalSteps: ['activated'],
    });
    const tp = (
      c: string,
      id: string,
      step: string,
      day: number,
      min: number,
      channel = 'web',
      outcome = 'success',
    ) =>
      touchpoint({
        id,
        customerId: c,
        journey: 'kyc',
        step,
        occurredAt: at(day, min),
        channel,
        outcome,
      });
    await postTouchpoints(t, {
      touchpoints: [
        tp('m1', 'a1', 'start', 1, 0),
        tp('m1', 'a2', 'details', 1, 10),
        tp('m1', 'a3', 'id-check', 1, 30, 'mobile_app', 'failure'),
        tp('m1', 'a4', 'id-check', 1, 90, 'phone'),
        tp('m1', 'a5', 'activated', 1, 95, 'phone'),
        tp('m2', 'b1', 'start', 1, 0),
        tp('m2', 'b2', 'details', 1, 30),
        tp('m3', 'c1', 'start', 2, 0, 'mobile_app'),
        tp('m3', 'c2', 'activated', 2, 10, 'mobile_app'),
        tp('m4', 'd1', 'start', 2, 0),
        tp('m4', 'd2', 'details', 2, 20),
      ],
    });
  });
  afterAll(async () => t?.close());
  const map = async (query = '') => {
    await t.settle();
    return (
      await request(t.server)
        .get(`/v1/journey-maps/kyc${query}`)
        .set(bearer(t.keys.read))
        .expect(200)
    ).body;
  };
  const edge = (edges: Edge[], from: string, to: string) =>
    edges.find((e) => e.from === from && e.to === to);

  it('counts instances, customers, nodes, edges, funnel and channel switches', async () => {
    const m = await map();
    expect(m.instances).toEqual({ total: 4, active: 2, completed: 2, failed: 0, abandoned: 0 });
    expect(m.customers).toBe(4);
    const node = (step: string) => m.nodes.find((n: { step: string }) => n.step === step);
    expect(node('start')).toEqual({
      step: 'start',
      stage: 'apply',
      count: 4,
      customers: 4,
      failures: 0,
      channels: { web: 3, mobile_app: 1 },
    });
    expect(node('id-check')).toEqual({
      step: 'id-check',
      stage: 'verify',
      count: 2,
      customers: 1,
      failures: 1,
      channels: { mobile_app: 1, phone: 1 },
    });
    expect(edge(m.edges, '__start__', 'start')).toMatchObject({
      count: 4,
      instances: 4,
      medianMs: null,
    });
    expect(edge(m.edges, 'id-check', 'id-check')).toMatchObject({ count: 1, instances: 1 });
    expect(edge(m.edges, 'activated', '__end__')).toMatchObject({ count: 2 });
    const startDetails = edge(m.edges, 'start', 'details')!;
    expect(startDetails.count).toBe(3);
    expect(Math.abs(startDetails.medianMs! - 20 * 60_000) / (20 * 60_000)).toBeLessThan(0.02);
    expect(m.funnel).toEqual([
      { stage: 'apply', reached: 4, dropOff: 3 },
      { stage: 'verify', reached: 1, dropOff: 0 },
      { stage: 'done', reached: 2, dropOff: 0 },
    ]);
    expect(m.channelSwitches).toEqual(
      expect.arrayContaining([
        { from: 'web', to: 'mobile_app', count: 1 },
        { from: 'mobile_app', to: 'phone', count: 1 },
      ]),
    );
    expect(m.channelSwitches).toHaveLength(2);
    // A stable order, whatever plan the database picks: most frequent first, then by name.
    const key = (e: { from: string; to: string }) => `${e.from}\u0000${e.to}`;
    const byRank = <T>(items: T[], name: (i: T) => string, count: (i: T) => number) =>
      [...items].sort((a, b) => count(b) - count(a) || (name(a) < name(b) ? -1 : 1));
    type Counted = { step: string; count: number; from: string; to: string };
    expect(m.nodes).toEqual(
      byRank<Counted>(
        m.nodes,
        (n) => n.step,
        (n) => n.count,
      ),
    );
    expect(m.edges).toEqual(byRank<Counted>(m.edges, key, (e) => e.count));
    expect(m.nodes[0].step).toBe('start');
  });

  it('filters by channel and by day', async () => {
    const phone = await map('?channel=phone');
    expect(
      phone.nodes.map((n: { step: string; count: number }) => [n.step, n.count]).sort(),
    ).toEqual([
      ['activated', 1],
      ['id-check', 1],
    ]);
    const day2 = await map(`?from=${at(2, 0).slice(0, 10)}&to=${at(2, 0).slice(0, 10)}`);
    expect(day2.instances.total).toBe(2);
    expect(day2.customers).toBe(2);
    expect(edge(day2.edges, 'start', 'details')!.count).toBe(1);
  });

  it('given a late touchpoint, then the edge it splits is subtracted and the new ones added', async () => {
    await postTouchpoints(
      t,
      touchpoint({
        id: 'b-late',
        customerId: 'm2',
        journey: 'kyc',
        step: 'id-check',
        occurredAt: at(1, 15),
      }),
    );
    const m = await map();
    expect(edge(m.edges, 'start', 'details')!.count).toBe(2);
    expect(edge(m.edges, 'start', 'id-check')!.count).toBe(1);
    expect(edge(m.edges, 'id-check', 'details')!.count).toBe(1);
    // m2 now reached verify but never done: it drops off there.
    expect(m.funnel).toEqual([
      { stage: 'apply', reached: 4, dropOff: 2 },
      { stage: 'verify', reached: 2, dropOff: 1 },
      { stage: 'done', reached: 2, dropOff: 0 },
    ]);
  });

  it('lists journeys with totals and definitions', async () => {
    await t.settle();
    const res = await request(t.server).get('/v1/journeys').set(bearer(t.keys.read)).expect(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        journey: 'kyc',
        customers: 4,
        instances: { total: 4, active: 2, completed: 2, failed: 0, abandoned: 0 },
        definition: expect.objectContaining({ version: 1, goalSteps: ['activated'] }),
      }),
    ]);
  });

  it.each([
    ['?from=2026-13-01', 'from'],
    // Well-formed, but no such day: PostgreSQL refused them (a 500).
    ['?from=2026-02-30', 'from'],
    ['?to=2026-04-31', 'to'],
    ['?from=0000-01-01', 'from'],
    ['?from=2026-06-05&to=2026-06-01', 'to'],
    ['?channel=fax', 'channel'],
  ])('refuses %s naming %s', async (query, field) => {
    const res = await request(t.server)
      .get(`/v1/journey-maps/kyc${query}`)
      .set(bearer(t.keys.read))
      .expect(400);
    expect(res.body.details[0].field).toBe(field);
  });

  it('counts a funnel drop-off per instance: reached the stage, not the next one', async () => {
    await defineJourney(t, 'jf', {
      stages: [
        { name: 'A', steps: ['a'] },
        { name: 'B', steps: ['b'] },
        { name: 'C', steps: ['c'] },
      ],
      goalSteps: ['c'],
    });
    const tp = (customerId: string, step: string, min: number) =>
      touchpoint({ customerId, journey: 'jf', step, occurredAt: at(5, min) });
    // f1 skips B; f2 starts at B; f3 goes A, B and stops. Stage differences would say A 0, B 1.
    await postTouchpoints(t, {
      touchpoints: [
        tp('f1', 'a', 0),
        tp('f1', 'c', 5),
        tp('f2', 'b', 0),
        tp('f3', 'a', 0),
        tp('f3', 'b', 5),
      ],
    });
    await t.settle();
    const res = await request(t.server)
      .get('/v1/journey-maps/jf')
      .set(bearer(t.keys.read))
      .expect(200);
    expect(res.body.funnel).toEqual([
      { stage: 'A', reached: 2, dropOff: 1 },
      { stage: 'B', reached: 2, dropOff: 2 },
      { stage: 'C', reached: 1, dropOff: 0 },
    ]);
  });
});
