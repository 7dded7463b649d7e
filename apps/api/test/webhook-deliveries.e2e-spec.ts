import { createHmac } from 'node:crypto';
import request from 'supertest';
import { announceFriction, TestClock } from '../../../test/webhook-fixtures';
import { eventually, Receiver, Reply, startReceiver } from '../../../test/webhook-receiver';
import { bearer, startTestApp, TestApp } from './harness';
import { parseAllowlist } from '../../projector/src/webhooks/deliver/address-policy';

const HOUR = 3600_000;
const SECRET = 'e2e-secret-0123456789';

describe('webhook deliveries (API and projector)', () => {
  let t: TestApp;
  const clock = new TestClock();
  const receivers: Receiver[] = [];
  beforeAll(
    async () =>
      (t = await startTestApp(
        // The receivers are plain http on 127.0.0.1: allowed here, refused by default.
        { WEBHOOK_ALLOW_HTTP: 'true' },
        {
          projector: true,
          clock,
          webhooks: {
            pollMs: 20,
            requestTimeoutMs: 300,
            addresses: { allowHttp: true, allowed: parseAllowlist('127.0.0.1') },
          },
        },
      )),
  );
  afterAll(async () => {
    await t?.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  const admin = () => bearer(t.keys.admin);
  const receiver = async (plan: (n: number) => Reply = () => 204) => {
    const r = await startReceiver(plan);
    receivers.push(r);
    return r;
  };
  const subscribe = async (url: string, filter: { types?: string[]; journeys?: string[] } = {}) =>
    (
      await request(t.server)
        .post('/v1/webhooks')
        .set(admin())
        .send({ url, secret: SECRET, ...filter })
        .expect(201)
    ).body.id as string;
  const log = async (id: string, query = '') =>
    (await request(t.server).get(`/v1/webhooks/${id}/deliveries${query}`).set(admin()).expect(200))
      .body;
  /** The newest delivery once `ready` holds for it. */
  const deliveryWhen = (
    id: string,
    ready: (d: { status: string; attempts: unknown[] }) => boolean,
  ) =>
    eventually(async () => {
      const [d] = (await log(id)).deliveries;
      return d && ready(d) ? d : undefined;
    }, 'the delivery');

  it('given a receiver that fails, times out, then accepts, then the log shows every attempt and it is delivered', async () => {
    const plan: Reply[] = [500, 'hang', 204];
    const rx = await receiver((n) => plan[n] ?? 204);
    const id = await subscribe(rx.url);
    const { occurrence } = await announceFriction(t.db.pool, {
      type: 'repeat_contact',
      journey: 'support',
    });

    const first = await deliveryWhen(id, (d) => d.attempts.length === 1);
    expect(first).toMatchObject({
      occurrenceId: occurrence.id,
      type: 'repeat_contact',
      journey: 'support',
      customerId: 'c-1',
      status: 'pending',
      finishedAt: null,
      attempts: [{ attempt: 1, httpStatus: 500, error: null }],
    });
    expect(Date.parse(first.nextAttemptAt)).toBeGreaterThan(clock.now().getTime());
    clock.advance(HOUR);
    await deliveryWhen(id, (d) => d.attempts.length === 2);
    clock.advance(HOUR);
    const done = await deliveryWhen(id, (d) => d.status === 'delivered');

    expect(done.nextAttemptAt).toBeNull();
    expect(done.finishedAt).not.toBeNull();
    expect(done.attempts).toEqual([
      {
        attempt: 1,
        at: expect.any(String),
        durationMs: expect.any(Number),
        httpStatus: 500,
        error: null,
      },
      {
        attempt: 2,
        at: expect.any(String),
        durationMs: expect.any(Number),
        httpStatus: null,
        error: expect.stringMatching(/^timeout/),
      },
      {
        attempt: 3,
        at: expect.any(String),
        durationMs: expect.any(Number),
        httpStatus: 204,
        error: null,
      },
    ]);
    expect(done.attempts[1].durationMs).toBeGreaterThanOrEqual(250);
    expect(rx.received).toHaveLength(3);
    expect(new Set(rx.received.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    for (const req of rx.received) {
      const hmac = createHmac('sha256', SECRET).update(req.body).digest('hex');
      expect(req.headers['x-journey-signature']).toBe(`sha256=${hmac}`);
      expect(req.headers['x-journey-delivery']).toBe(done.id);
    }
    expect(JSON.parse(rx.received[2].body)).toMatchObject({
      event: 'friction.occurred',
      occurrence,
      deliveryId: done.id,
      createdAt: done.createdAt,
    });
    const summary = await request(t.server).get(`/v1/webhooks/${id}`).set(admin()).expect(200);
    expect(summary.body.deliveries).toEqual({ pending: 0, delivered: 1, failed: 0 });
  });

  it('given webhooks filtered by type and by journey, then each receives only what it asked for', async () => {
    const [everything, failures, checkout] = [await receiver(), await receiver(), await receiver()];
    const allId = await subscribe(everything.url);
    await subscribe(failures.url, { types: ['failure'] });
    await subscribe(checkout.url, { journeys: ['checkout'] });
    const rows = [
      await announceFriction(t.db.pool, { type: 'failure', journey: 'onboarding' }),
      await announceFriction(t.db.pool, { type: 'slow_step', journey: 'checkout' }),
      await announceFriction(t.db.pool, { type: 'backtrack', journey: 'onboarding' }),
    ];

    await eventually(
      async () => ((await log(allId)).deliveries.length === 3 ? true : undefined),
      'three deliveries',
    );
    await eventually(async () => (everything.received.length === 3 ? true : undefined), '3 sent');
    const ids = (rx: Receiver) =>
      rx.received.map((r) => JSON.parse(r.body).occurrence.id as string).sort();
    expect(ids(everything)).toEqual(rows.map((r) => r.occurrence.id).sort());
    // One fan-out transaction makes a row's deliveries for every webhook: wait until all are sent.
    await eventually(async () => {
      const { rows: open } = await t.db.pool.query(
        "SELECT 1 FROM webhook_deliveries WHERE status = 'pending'",
      );
      return open.length === 0 ? true : undefined;
    }, 'nothing pending');
    expect(ids(failures)).toEqual([rows[0].occurrence.id]);
    expect(ids(checkout)).toEqual([rows[1].occurrence.id]);
  });

  it('given a deleted webhook, then it receives nothing new while others still do', async () => {
    const [kept, deleted] = [await receiver(), await receiver()];
    const keptId = await subscribe(kept.url);
    const deletedId = await subscribe(deleted.url);
    await announceFriction(t.db.pool);
    await eventually(async () => (deleted.received.length === 1 ? true : undefined), 'first');

    await request(t.server).delete(`/v1/webhooks/${deletedId}`).set(admin()).expect(204);
    const after = await announceFriction(t.db.pool);

    await eventually(async () => {
      const last = kept.received[kept.received.length - 1];
      return last && JSON.parse(last.body).occurrence.id === after.occurrence.id ? true : undefined;
    }, 'the kept webhook to get the new occurrence');
    expect((await log(keptId)).deliveries).toHaveLength(2);
    expect(deleted.received).toHaveLength(1);
    await request(t.server).get(`/v1/webhooks/${deletedId}/deliveries`).set(admin()).expect(404);
  });

  it('pages the delivery log newest first', async () => {
    const rx = await receiver();
    const id = await subscribe(rx.url, { journeys: ['paging'] });
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await announceFriction(t.db.pool, { journey: 'paging' }));
    await eventually(
      async () => ((await log(id)).deliveries.length === 5 ? true : undefined),
      'five deliveries',
    );

    const seen: string[] = [];
    let query = '?limit=2';
    const sizes: number[] = [];
    for (;;) {
      const page = await log(id, query);
      sizes.push(page.deliveries.length);
      seen.push(...page.deliveries.map((d: { occurrenceId: string }) => d.occurrenceId));
      if (!page.nextCursor) break;
      query = `?limit=2&cursor=${page.nextCursor}`;
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(made.map((m) => m.occurrence.id).reverse());
  });
});
