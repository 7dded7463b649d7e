import { AddressInfo } from 'node:net';
import request from 'supertest';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';
import { defineJourney, postTouchpoints, sendFeedback } from './requests';

const H = 3_600_000;
const T0 = Date.UTC(2026, 4, 1, 9);
const at = (hours: number) => new Date(T0 + hours * H).toISOString();

/**
 * kyc: start -> id-check -> activated. Customers k1..k4 fail the id check on the mobile app and
 * call (a channel hop and a failure); k3 and k4 never finish. k5..k8 pass on the web. k1 also
 * rates the journey badly.
 */
async function seed(t: TestApp) {
  await defineJourney(t, 'kyc', {
    stages: [
      { name: 'apply', steps: ['start', 'id-check'] },
      { name: 'done', steps: ['activated'] },
    ],
    goalSteps: ['activated'],
  });
  const touchpoints: Record<string, unknown>[] = [];
  for (let c = 1; c <= 8; c++) {
    const hop = c <= 4;
    const tp = (n: number, step: string, channel: string, hours: number, outcome = 'success') =>
      touchpoints.push(
        touchpoint({
          id: `k${c}-${n}`,
          customerId: `k${c}`,
          journey: 'kyc',
          step,
          channel,
          outcome,
          occurredAt: at(c * 10 + hours),
        }),
      );
    tp(1, 'start', hop ? 'mobile_app' : 'web', 0);
    tp(2, 'id-check', hop ? 'mobile_app' : 'web', 1, hop ? 'failure' : 'success');
    if (hop) tp(3, 'id-check', 'phone', 2);
    if (c <= 2 || !hop) tp(4, 'activated', hop ? 'phone' : 'web', 3);
  }
  // Late by design: the last customer's touchpoint moves the watermark 40 days on, abandoning k3, k4.
  touchpoints.push(
    touchpoint({
      id: 'late',
      customerId: 'k9',
      journey: 'kyc',
      step: 'start',
      occurredAt: at(24 * 40),
    }),
  );
  await postTouchpoints(t, { touchpoints });
  await sendFeedback(t, {
    id: 'fb1',
    customerId: 'k1',
    journey: 'kyc',
    kind: 'nps',
    score: 3,
    occurredAt: at(14),
  });
  await t.settle();
}

describe('friction points over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { projector: true });
    await seed(t);
  });
  afterAll(async () => t?.close());

  it("GET /v1/customers/{id}/frictions lists a customer's occurrences with their evidence", async () => {
    const res = await request(t.server)
      .get('/v1/customers/k1/frictions')
      .set(bearer(t.keys.read))
      .expect(200);
    const byType = Object.fromEntries(res.body.frictions.map((f: { type: string }) => [f.type, f]));
    // The id check retried after a failure, and two phone contacts within 7 days, count too.
    expect(Object.keys(byType).sort()).toEqual([
      'channel_hop',
      'failure',
      'negative_feedback',
      'repeat_attempt',
      'repeat_contact',
    ]);
    expect(byType.channel_hop).toMatchObject({
      journey: 'kyc',
      customerId: 'k1',
      step: 'id-check',
      channel: 'phone',
      touchpointIds: ['k1-2', 'k1-3'],
      detail: { fromChannel: 'mobile_app', toChannel: 'phone' },
    });
    expect(byType.failure).toMatchObject({ touchpointIds: ['k1-2'], channel: 'mobile_app' });
    expect(byType.negative_feedback).toMatchObject({
      feedbackId: 'fb1',
      detail: { kind: 'nps', score: 3 },
    });
  });

  it('GET /v1/friction-points ranks points with counts, impact and trend', async () => {
    const res = await request(t.server)
      .get('/v1/friction-points?journey=kyc&sort=customers')
      .set(bearer(t.keys.read))
      .expect(200);
    const points = res.body.frictionPoints as Record<string, unknown>[];
    const hop = points.find((p) => p.type === 'channel_hop')!;
    // 4 hops, 2 of those instances completed. Nobody reached id-check on the phone without
    // hopping, so there is no rate without it and severity is a tenth of the customers.
    expect(hop).toMatchObject({
      journey: 'kyc',
      step: 'id-check',
      channel: 'phone',
      occurrences: 4,
      customers: 4,
      instances: 4,
      shareOfInstances: 1,
      completionRateWith: 0.5,
      completionRateWithout: null,
      severity: 0.4,
      exampleCustomerIds: expect.arrayContaining(['k4', 'k3', 'k2']),
    });
    expect(hop.trend).toEqual([
      { day: '2026-05-01', occurrences: 1 },
      { day: '2026-05-02', occurrences: 2 },
      { day: '2026-05-03', occurrences: 1 },
    ]);
    const failure = points.find((p) => p.type === 'failure')!;
    // Failures on mobile id-check: 2 of 4 completed; nobody passed mobile id-check without failing.
    expect(failure).toMatchObject({
      step: 'id-check',
      channel: 'mobile_app',
      occurrences: 4,
      instances: 4,
    });
    const abandonment = points.filter((p) => p.type === 'abandonment');
    expect(abandonment.map((p) => [p.step, p.channel, p.customers])).toEqual([
      ['id-check', 'phone', 2],
    ]);
    const customers = points.map((p) => p.customers as number);
    expect(customers).toEqual([...customers].sort((a, b) => b - a));
  });

  it('GET /v1/friction-points/{id} gives the point with evidence and example journeys', async () => {
    const list = await request(t.server)
      .get('/v1/friction-points?journey=kyc&type=abandonment')
      .set(bearer(t.keys.read))
      .expect(200);
    const [point] = list.body.frictionPoints;
    const res = await request(t.server)
      .get(`/v1/friction-points/${point.id}`)
      .set(bearer(t.keys.read))
      .expect(200);
    expect(res.body).toMatchObject({ id: point.id, type: 'abandonment', occurrences: 2 });
    expect(
      res.body.recentOccurrences.map((o: { customerId: string }) => o.customerId).sort(),
    ).toEqual(['k3', 'k4']);
    expect(res.body.exampleJourneys.map((j: { status: string }) => j.status)).toEqual([
      'abandoned',
      'abandoned',
    ]);
    // With a completion rate of 0 against 1 for those who passed without: it counts in full.
    expect(res.body).toMatchObject({
      completionRateWith: 0,
      completionRateWithout: 1,
      severity: 2,
    });
  });

  it('answers bad parameters with 400 naming every field, unknown points with 404', async () => {
    const res = await request(t.server)
      .get(
        '/v1/friction-points?type=grumpy&limit=0&from=2026-05-03&to=2026-05-01&sort=loudest&cursor=%%%',
      )
      .set(bearer(t.keys.read))
      .expect(400);
    expect(res.body.error).toBe('INVALID_QUERY');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'cursor',
      'limit',
      'sort',
      'to',
      'type',
    ]);
    await request(t.server)
      .get('/v1/friction-points/not-an-id')
      .set(bearer(t.keys.read))
      .expect(400);
    const unknown = Buffer.from(JSON.stringify(['kyc', 'nope', 'web', 'failure'])).toString(
      'base64url',
    );
    const missing = await request(t.server)
      .get(`/v1/friction-points/${unknown}`)
      .set(bearer(t.keys.read))
      .expect(404);
    expect(missing.body.error).toBe('FRICTION_POINT_NOT_FOUND');
    await request(t.server).get('/v1/friction-points').set(bearer(t.keys.ingest)).expect(403);
  });

  it('takes thresholds from the journey definition, refusing ones out of range', async () => {
    const bad = await defineJourney(
      t,
      'retry',
      {
        stages: [{ name: 'all', steps: ['try'] }],
        goalSteps: ['try'],
        frictionThresholds: { repeatAttemptCount: 1, loudness: 3 },
      },
      400,
    );
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'frictionThresholds.loudness',
      'frictionThresholds.repeatAttemptCount',
    ]);
    await defineJourney(t, 'retry', {
      stages: [{ name: 'all', steps: ['try', 'done'] }],
      goalSteps: ['done'],
      frictionThresholds: { repeatAttemptCount: 2 },
    });
    const tries = [0, 1].map((n) =>
      touchpoint({
        id: `r${n}`,
        customerId: 'r1',
        journey: 'retry',
        step: 'try',
        occurredAt: at(24 * 40 + n),
      }),
    );
    await postTouchpoints(t, { touchpoints: tries });
    await t.settle();
    const res = await request(t.server).get('/v1/customers/r1/frictions').set(bearer(t.keys.read));
    // The default needs 3 attempts; this journey says 2.
    expect(res.body.frictions).toEqual([
      expect.objectContaining({ type: 'repeat_attempt', touchpointIds: ['r0', 'r1'] }),
    ]);
  });

  it('streams new occurrences over SSE, resumable with Last-Event-ID', async () => {
    await new Promise<void>((r) => t.server.listen(0, r));
    const base = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`;
    const first = await openStream(`${base}/v1/friction-points/stream?type=failure`, t.keys.read);
    await postTouchpoints(
      t,
      touchpoint({
        id: 'sse-1',
        customerId: 'k20',
        journey: 'kyc',
        step: 'start',
        outcome: 'failure',
        occurredAt: at(500),
      }),
    );
    const event = await first.next();
    first.close();
    expect(event).toMatchObject({
      event: 'friction',
      data: { type: 'failure', customerId: 'k20', touchpointIds: ['sse-1'] },
    });
    // Resuming just before it replays it; resuming at it gives only what came later.
    const before = await openStream(
      `${base}/v1/friction-points/stream`,
      t.keys.read,
      String(Number(event.id) - 1),
    );
    expect((await before.next()).id).toBe(event.id);
    before.close();
    const after = await openStream(
      `${base}/v1/friction-points/stream?type=failure`,
      t.keys.read,
      event.id,
    );
    await postTouchpoints(
      t,
      touchpoint({
        id: 'sse-2',
        customerId: 'k21',
        journey: 'kyc',
        step: 'start',
        outcome: 'failure',
        occurredAt: at(501),
      }),
    );
    expect((await after.next()).data).toMatchObject({ customerId: 'k21' });
    after.close();
  });
});

interface SseEvent {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

/** A minimal SSE client over fetch (EventSource cannot send an Authorization header). */
async function openStream(url: string, key: string, lastEventId?: string) {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: {
      authorization: `Bearer ${key}`,
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<SseEvent> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((l) => !l.startsWith(':') && l.includes(': '))
              .map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
          );
          if (fields.event)
            return { id: fields.id, event: fields.event, data: JSON.parse(fields.data) };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
    close: () => controller.abort(),
  };
}
