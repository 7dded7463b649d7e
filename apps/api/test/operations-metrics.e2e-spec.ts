import request from 'supertest';
import { loadEnvironment } from '@journey/event-store';
import { announceFriction, TestClock } from '../../../test/webhook-fixtures';
import { eventually, Receiver, Reply, startReceiver } from '../../../test/webhook-receiver';
import { Projector, startProjector } from '../../projector/src/projector';
import { ProjectorEnvironment } from '../../projector/src/projector-config';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';
import { sample, sampleOf } from './prometheus-text';

const HOUR = 3600_000;

/**
 * Issue 20's operations metrics read from real /metrics endpoints: the projector's own (its
 * METRICS_PORT) and the API's. One app and one projector serve the three cases, in order.
 */
describe('operations metrics on /metrics (webhook outcomes, rebuild progress, lag)', () => {
  let t: TestApp;
  let projector: Projector | null = null;
  const clock = new TestClock();
  const receivers: Receiver[] = [];

  /** The projector as its process runs it: http to 127.0.0.1 allowed by its settings. */
  const startProjection = async () =>
    (projector = await startProjector(
      loadEnvironment(ProjectorEnvironment, {
        DATABASE_URL: t.db.url,
        LOG_LEVEL: 'error',
        METRICS_PORT: '0',
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1',
      }),
      t.db.url,
      { maxBatch: 500, maxWaitMs: 5 },
      // Retries wait 30 to 60 min and stop an hour after the first attempt: the clock decides.
      { clock, pollMs: 20, retry: { baseDelayMs: HOUR, maxDelayMs: HOUR, retryForMs: HOUR } },
    ));
  const projectorMetrics = async () => {
    const res = await fetch(`${projector!.metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };
  const apiMetrics = async () =>
    (await request(t.server).get('/metrics').set(bearer(t.keys.metrics)).expect(200)).text;
  const ingest = async (touchpoints: Record<string, unknown>[]) =>
    request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .send({ touchpoints })
      .expect(202);

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_HTTP: 'true' });
    await startProjection();
  });
  afterAll(async () => {
    await projector?.stop();
    await t?.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('given a webhook that accepts and one that always fails, then the attempts counter shows delivered 1, retry 1 and, once the window is over, failed 1', async () => {
    const webhook = async (reply: Reply) => {
      const rx = await startReceiver(() => reply);
      receivers.push(rx);
      const res = await request(t.server)
        .post('/v1/webhooks')
        .set(bearer(t.keys.admin))
        .send({ url: rx.url, secret: 'metrics-secret-0123456789' })
        .expect(201);
      return { rx, id: res.body.id as string };
    };
    const ok = await webhook(204);
    const broken = await webhook(500);
    const attempts = 'journey_webhook_delivery_attempts_total';
    const before = await projectorMetrics();
    const delta = (text: string, outcome: string) =>
      sample(text, attempts, { outcome }) - sample(before, attempts, { outcome });

    await announceFriction(t.db.pool, { type: 'failure', journey: 'metrics' });
    const first = await eventually(async () => {
      const text = await projectorMetrics();
      return delta(text, 'delivered') >= 1 && delta(text, 'retry') >= 1 ? text : undefined;
    }, 'the first attempts counted');
    expect([delta(first, 'delivered'), delta(first, 'retry'), delta(first, 'failed')]).toEqual([
      1, 1, 0,
    ]);
    clock.advance(2 * HOUR);
    const last = await eventually(async () => {
      const text = await projectorMetrics();
      return delta(text, 'failed') >= 1 ? text : undefined;
    }, 'the delivery given up');
    expect([delta(last, 'delivered'), delta(last, 'retry'), delta(last, 'failed')]).toEqual([
      1, 1, 1,
    ]);
    expect([ok.rx.received.length, broken.rx.received.length]).toEqual([1, 2]);
    // The log agrees; the webhooks go, so later tests' frictions reach no receiver.
    for (const [{ id }, counts] of [
      [ok, { pending: 0, delivered: 1, failed: 0 }],
      [broken, { pending: 0, delivered: 0, failed: 1 }],
    ] as const) {
      const summary = await request(t.server).get(`/v1/webhooks/${id}`).set(bearer(t.keys.admin));
      expect(summary.body.deliveries).toEqual(counts);
      await request(t.server).delete(`/v1/webhooks/${id}`).set(bearer(t.keys.admin)).expect(204);
    }
  });

  it('given a rebuild requested through the API, then the projector shows its progress climbing to 1 as it folds every event', async () => {
    await ingest(
      Array.from({ length: 20 }, (_, i) =>
        touchpoint({ id: `rb-${i}`, customerId: `rb-c${i % 4}`, step: `s${i}` }),
      ),
    );
    const ratio = async () =>
      sampleOf(await projectorMetrics(), 'journey_projection_rebuild_progress_ratio', {
        projection: 'journeys',
      });
    expect(await ratio()).toBeUndefined();
    await request(t.server)
      .post('/v1/projections/journeys/rebuild')
      .set(bearer(t.keys.admin))
      .expect(202);
    const seen: number[] = [];
    const rebuild = await eventually(async () => {
      const value = await ratio();
      if (value !== undefined) seen.push(value);
      const res = await request(t.server).get('/v1/projections').set(bearer(t.keys.read));
      const journeys = (res.body as { name: string; rebuild: { status: string } }[]).find(
        (p) => p.name === 'journeys',
      );
      return journeys?.rebuild?.status === 'done' ? journeys.rebuild : undefined;
    }, 'the rebuild done');
    expect(rebuild).toMatchObject({ processed: 20, total: 20 });
    expect(await ratio()).toBe(1);
    // Whatever the scrapes caught on the way: between 0 and 1, never going back.
    expect(seen.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('given the projector stopped, when touchpoints arrive, then the API shows the lag rising; once the projector is back it falls to 0', async () => {
    const lag = (text: string) => ({
      events: sampleOf(text, 'journey_projection_checkpoint_lag_events', {
        projection: 'journeys',
      }),
      seconds: sampleOf(text, 'journey_projection_checkpoint_lag_seconds', {
        projection: 'journeys',
      }),
    });
    const caughtUp = async () => {
      const now = lag(await apiMetrics());
      return now.events === 0 && now.seconds === 0 ? now : undefined;
    };
    await eventually(caughtUp, 'the projector caught up');
    const stoppedUrl = projector!.metricsUrl!;
    await projector!.stop();
    projector = null;
    // The projector's own lag gauges went with it.
    await expect(fetch(`${stoppedUrl}/metrics`)).rejects.toThrow();

    await ingest(
      Array.from({ length: 5 }, (_, i) =>
        touchpoint({ id: `lag-${i}`, customerId: 'lag-c', step: `l${i}` }),
      ),
    );
    const behind = await eventually(async () => {
      const now = lag(await apiMetrics());
      return now.events === 5 && now.seconds! > 0 ? now : undefined;
    }, 'the lag of 5 events');
    // The oldest waiting event ages while nothing projects it (a scrape's sample lasts 1 s).
    const older = await eventually(async () => {
      const now = lag(await apiMetrics());
      return now.seconds! > behind.seconds! ? now : undefined;
    }, 'the lag growing');
    expect(older.events).toBe(5);

    await startProjection();
    await eventually(caughtUp, 'the projector catching up on return');
    const res = await request(t.server)
      .get('/v1/customers/lag-c/journeys')
      .set(bearer(t.keys.read))
      .expect(200);
    expect(JSON.stringify(res.body)).toContain('l4');
  });
});
