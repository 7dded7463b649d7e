import request from 'supertest';
import type { JourneyVariant } from '@journey/contracts';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';

const at = (day: number, minutes: number) =>
  new Date(Date.UTC(2026, 5, day, 10) + minutes * 60_000).toISOString();

type Variant = JourneyVariant;

describe('GET /v1/journey-maps/{journey}/variants', () => {
  let t: TestApp;
  const post = (touchpoints: Record<string, unknown>[]) =>
    request(t.server).post('/v1/touchpoints').set(bearer(t.keys.ingest)).send({ touchpoints });
  const get = async (query: string, status = 200) =>
    (
      await request(t.server)
        .get(`/v1/journey-maps/shop/variants${query}`)
        .set(bearer(t.keys.read))
        .expect(status)
    ).body;

  beforeAll(async () => {
    t = await startTestApp({}, { projector: true });
    await request(t.server)
      .put('/v1/journeys/shop/definition')
      .set(bearer(t.keys.admin))
      .send({
        stages: [{ name: 'buy', steps: ['view', 'cart', 'pay', 'reject'] }],
        goalSteps: ['pay'],
        failureSteps: ['reject'],
      })
      .expect(201);
    const path = (c: string, day: number, steps: [string, number][], channel = 'web') =>
      steps.map(([step, min], i) =>
        touchpoint({
          id: `${c}-${i}`,
          customerId: c,
          journey: 'shop',
          step,
          channel,
          occurredAt: at(day, min),
        }),
      );
    // Given 9 instances that close (4 view>pay, 2 view>reject, 2 view>cart>pay, 1 view left
    // idle) and one still active
    await post([
      ...path('c1', 1, [
        ['view', 0],
        ['pay', 5],
      ]),
      ...path('c2', 1, [
        ['view', 0],
        ['pay', 5],
      ]),
      ...path(
        'c3',
        1,
        [
          ['view', 0],
          ['pay', 5],
        ],
        'mobile_app',
      ),
      ...path('c4', 2, [
        ['view', 0],
        ['reject', 1],
      ]),
      ...path('c5', 2, [
        ['view', 0],
        ['cart', 1],
        ['pay', 2],
      ]),
      ...path('c6', 2, [['view', 0]]),
      ...path('c7', 3, [
        ['view', 0],
        ['pay', 5],
      ]),
      ...path('c8', 3, [
        ['view', 0],
        ['reject', 1],
      ]),
      // view and cart at the same instant: a simultaneous move
      ...path('c10', 4, [
        ['view', 0],
        ['cart', 0],
        ['pay', 1],
      ]),
    ]).expect(202);
    await t.settle();
    // Then, in a later batch, a touchpoint 38 days on: the watermark abandons c6's instance.
    await post(path('c9', 40, [['view', 0]])).expect(202);
    await t.settle();
  });
  afterAll(async () => t?.close());

  it('lists closed variants by count, with shares, outcomes and durations', async () => {
    const body = await get('');
    expect(body).toMatchObject({ journey: 'shop', from: null, to: null, channel: null });
    expect(body.closedInstances).toBe(9);
    expect(body.variantCount).toBe(4);
    expect(body.nextCursor).toBeNull();
    const rows = body.variants.map((v: Variant) => [
      v.steps.join('>'),
      v.count,
      v.completed,
      v.failed,
      v.abandoned,
    ]);
    expect(rows[0]).toEqual(['view>pay', 4, 4, 0, 0]);
    expect(rows[3]).toEqual(['view', 1, 0, 0, 1]);
    expect(rows.slice(1, 3).sort()).toEqual([
      ['view>cart>pay', 2, 2, 0, 0],
      ['view>reject', 2, 0, 2, 0],
    ]);
    // Ties of count: by variant id, ascending
    const [a, b] = body.variants.slice(1, 3) as Variant[];
    expect(a.variant < b.variant).toBe(true);
    const viewPay = body.variants[0] as Variant;
    expect(viewPay.share).toBeCloseTo(4 / 9, 10);
    expect(viewPay.completionRate).toBe(1);
    expect(viewPay.variant).toMatch(/^[0-9a-f]{32}$/);
    // 5 minutes each, within the sketch's 1%
    expect(Math.abs(viewPay.medianDurationMs! - 300_000)).toBeLessThanOrEqual(3_000);
    expect(body.variants.find((v: Variant) => v.steps.length === 1).medianDurationMs).toBe(0);
    const reject = body.variants.find((v: Variant) => v.steps[1] === 'reject');
    expect(reject.completionRate).toBe(0);
  });

  it('filters by channel and by start days', async () => {
    const mobile = await get('?channel=mobile_app');
    expect(mobile.closedInstances).toBe(1);
    expect(mobile.variants.map((v: Variant) => [v.steps, v.count, v.share])).toEqual([
      [['view', 'pay'], 1, 1],
    ]);
    const day2 = await get('?from=2026-06-02&to=2026-06-02');
    expect(day2).toMatchObject({
      from: '2026-06-02',
      to: '2026-06-02',
      closedInstances: 3,
      variantCount: 3,
    });
  });

  it('pages with the cursor, neither repeating nor skipping', async () => {
    const all = (await get('')).variants.map((v: Variant) => v.variant);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await get(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.closedInstances).toBe(9);
      seen.push(...page.variants.map((v: Variant) => v.variant));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(all);
    expect(pages).toBe(4);
    const two = await get('?limit=2');
    const rest = await get(`?limit=2&cursor=${two.nextCursor}`);
    expect([...two.variants, ...rest.variants].map((v: Variant) => v.variant)).toEqual(all);
    expect(rest.nextCursor).toBeNull();
  });

  it.each([
    ['limit=0', 'limit', 'range'],
    ['limit=101', 'limit', 'range'],
    ['limit=abc', 'limit', 'range'],
    ['cursor=not-a-cursor', 'cursor', 'format'],
    ['from=2026-13-01', 'from', 'format'],
    ['channel=fax', 'channel', 'enum'],
  ])('answers 400 for %s, naming the field and the rule', async (query, field, rule) => {
    const body = await get(`?${query}`, 400);
    expect(body.error).toBe('INVALID_QUERY');
    expect(body.details).toEqual([expect.objectContaining({ field, rule })]);
  });

  it('marks the map edge between two steps at the same instant as simultaneous', async () => {
    const map = (
      await request(t.server).get('/v1/journey-maps/shop').set(bearer(t.keys.read)).expect(200)
    ).body;
    const edge = (from: string, to: string) =>
      map.edges.find((e: { from: string; to: string }) => e.from === from && e.to === to);
    expect(edge('view', 'cart')).toMatchObject({ count: 2, simultaneous: 1 });
    expect(edge('cart', 'pay')).toMatchObject({ count: 2, simultaneous: 0 });
  });
});
