import request from 'supertest';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';
import { defineJourney, postTouchpoints, sendFeedback } from './requests';

const at = (minute: number) => new Date(Date.UTC(2026, 3, 1, 9, minute)).toISOString();
const pause = () => new Promise((r) => setTimeout(r, 15));

const definition = (goalSteps: string[]) => ({
  stages: [{ name: 'all', steps: ['start', 'details', 'activated'] }],
  goalSteps,
});

describe('point-in-time replay of GET /v1/customers/{id}/journeys', () => {
  let t: TestApp;
  /** Moments between the phases of the story (wall clock, as recordedAt is). */
  const moments: Record<string, string> = {};
  const mark = async (name: string) => {
    await pause();
    moments[name] = new Date().toISOString();
    await pause();
  };
  const ingest = (touchpoints: object[]) => postTouchpoints(t, touchpoints);
  const tp = (id: string, step: string, minute: number, extra: object = {}) =>
    touchpoint({
      id,
      customerId: 'c-r',
      journey: 'onboarding',
      step,
      occurredAt: at(minute),
      ...extra,
    });
  // With the audit scope too: comments are shown decrypted (and the read is access-logged).
  const journeys = async (query = '', key = t.keys.all) =>
    (await request(t.server).get(`/v1/customers/c-r/journeys${query}`).set(bearer(key)).expect(200))
      .body;
  const shape = (body: {
    journeys: { instanceId: string; status: string; steps: { touchpointId: string }[] }[];
  }) => body.journeys.map((j) => [j.instanceId, j.status, j.steps.map((s) => s.touchpointId)]);

  beforeAll(async () => {
    t = await startTestApp({}, { projector: true });
    await defineJourney(t, 'onboarding', definition(['activated']));
    await ingest([tp('t1', 'start', 0), tp('t2', 'details', 5)]);
    await mark('beforeLate');
    // A late event: it happened before t1 but arrives now; then the goal.
    await ingest([tp('t0', 'start', -5, { channel: 'phone' })]);
    await ingest([tp('t3', 'activated', 10)]);
    await sendFeedback(t, {
      id: 'fb-r',
      customerId: 'c-r',
      kind: 'csat',
      score: 2,
      occurredAt: at(11),
      touchpointId: 't3',
      comment: 'slow id check',
    });
    await mark('beforeRedefinition');
    await defineJourney(t, 'onboarding', definition(['details']), 200);
    await t.settle();
  });
  afterAll(async () => t?.close());

  it('asOf: the journeys as the system knew them then, before the late event arrived', async () => {
    const body = await journeys(`?asOf=${moments.beforeLate}`);
    expect(shape(body)).toEqual([['auto:t1', 'active', ['t1', 't2']]]);
    expect(body.journeys[0].feedback).toEqual([]);
  });

  it('occurredBefore: what had happened by then, including the late event that arrived afterwards', async () => {
    const body = await journeys(`?occurredBefore=${at(6)}`);
    // The current definition (goal: details) applies.
    expect(shape(body)).toEqual([['auto:t0', 'completed', ['t0', 't1', 't2']]]);
    expect(body.journeys[0].channels).toEqual(['phone', 'web']);
  });

  it('asOf uses the definition recorded by then; feedback is attached and its comment decrypted', async () => {
    const body = await journeys(`?asOf=${moments.beforeRedefinition}`);
    expect(shape(body)).toEqual([['auto:t0', 'completed', ['t0', 't1', 't2', 't3']]]);
    expect(body.journeys[0].feedback).toEqual([
      { feedbackId: 'fb-r', kind: 'csat', score: 2, comment: 'slow id check', occurredAt: at(11) },
    ]);
    expect(body.journeys[0].steps[1]).toEqual({
      touchpointId: 't1',
      step: 'start',
      stage: 'all',
      channel: 'web',
      outcome: 'success',
      occurredAt: at(0),
      sincePreviousMs: 300_000,
    });
  });

  it("a key without the audit scope sees comments redacted, live and replayed, and leaves no access-log entry; an audit key's read is logged", async () => {
    const logged = async () =>
      (
        await t.db.pool.query(
          `SELECT count(*)::int AS n FROM audit_access_log WHERE action = 'customer.journeys' AND customer_id = 'c-r'`,
        )
      ).rows[0].n;
    const before = await logged();
    for (const query of ['', `?asOf=${new Date().toISOString()}`]) {
      const body = await journeys(query, t.keys.read);
      const comments = body.journeys.flatMap((j: { feedback: { comment: string }[] }) =>
        j.feedback.map((f) => f.comment),
      );
      expect(comments).toEqual(['[redacted]']);
      expect(JSON.stringify(body)).not.toContain('slow id check');
    }
    expect(await logged()).toBe(before);
    await journeys();
    expect(await logged()).toBe(before + 1);
  });

  it('asOf now and occurredBefore after everything answer exactly what the read model answers', async () => {
    const live = await journeys();
    expect(shape(live)).toEqual([
      ['auto:t3', 'active', ['t3']],
      ['auto:t0', 'completed', ['t0', 't1', 't2']],
    ]);
    expect(live.journeys[0].feedback[0].comment).toBe('slow id check');
    expect(await journeys(`?asOf=${new Date().toISOString()}`)).toEqual(live);
    expect(await journeys(`?occurredBefore=2026-06-01T00:00:00Z`)).toEqual(live);
  });

  it('pages the replay with the same cursors as the read model', async () => {
    const first = await journeys(`?asOf=${new Date().toISOString()}&limit=1`);
    const live = await journeys('?limit=1');
    expect(first).toEqual(live);
    expect(first.nextCursor).not.toBeNull();
    const second = await journeys(
      `?occurredBefore=2026-06-01T00:00:00Z&limit=1&cursor=${first.nextCursor}`,
    );
    expect(shape(second)).toEqual([['auto:t0', 'completed', ['t0', 't1', 't2']]]);
    expect(second.nextCursor).toBeNull();
    expect(shape(await journeys(`?asOf=${moments.beforeLate}&journey=other`))).toEqual([]);
  });

  it('400 when both are given or either is not an ISO instant', async () => {
    const both = await request(t.server)
      .get(`/v1/customers/c-r/journeys?asOf=${at(0)}&occurredBefore=${at(0)}`)
      .set(bearer(t.keys.read))
      .expect(400);
    expect(both.body).toMatchObject({
      error: 'INVALID_QUERY',
      details: [{ field: 'asOf', rule: 'exclusive' }],
    });
    for (const q of ['asOf=yesterday', 'occurredBefore=2026-04-01', 'asOf=2026-02-30T00:00:00Z']) {
      const res = await request(t.server)
        .get(`/v1/customers/c-r/journeys?${q}`)
        .set(bearer(t.keys.read))
        .expect(400);
      expect(res.body.details[0]).toMatchObject({ field: q.split('=')[0], rule: 'format' });
    }
  });
});
