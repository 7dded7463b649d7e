import { createHmac } from 'node:crypto';
import { Pool } from 'pg';
import { createPool } from '@journey/postgres';
import { TestDatabase } from '../../../../test/test-database';
import {
  announceFriction,
  insertWebhook,
  migratedTestDatabase,
  TestClock,
} from '../../../../test/webhook-fixtures';
import { eventually, Receiver, Reply, startReceiver } from '../../../../test/webhook-receiver';
import { idempotencyKey } from './deliver/signature';
import { WebhookWorker } from './webhook-worker';
import { WebhookWorkerOptions } from './worker-options';
import { parseAllowlist } from './deliver/address-policy';
import { REFUSED_ADDRESS } from './deliver/send-delivery';

const LOCAL_RECEIVERS = { allowHttp: true, allowed: parseAllowlist('127.0.0.1') };

const HOUR = 3600_000;

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  first_attempt_at: Date | null;
  next_attempt_at: Date | null;
  finished_at: Date | null;
}

describe('webhook worker', () => {
  let db: TestDatabase;
  let receiver: Receiver | undefined;
  const workers: { worker: WebhookWorker; pool: Pool }[] = [];

  beforeEach(async () => (db = await migratedTestDatabase()));
  afterEach(async () => {
    for (const { worker, pool } of workers.splice(0)) {
      await worker.stop();
      await pool.end();
    }
    await receiver?.close();
    receiver = undefined;
    await db?.drop();
  });

  const startWorker = (options: Partial<WebhookWorkerOptions>) => {
    const pool = createPool({ connectionString: db.url, max: 4 });
    // The receivers are plain http on 127.0.0.1, which the default policy refuses. The timeout is
    // short so 'hang' replies end soon, yet long enough that a loaded CI host answers within it.
    const worker = new WebhookWorker(pool, {
      pollMs: 20,
      requestTimeoutMs: 1500,
      addresses: LOCAL_RECEIVERS,
      ...options,
    });
    workers.push({ worker, pool });
    worker.start();
    return worker;
  };
  const receive = async (plan: (n: number) => Reply, delayMs = 0) =>
    (receiver = await startReceiver(plan, delayMs));
  const delivery = async () =>
    (await db.pool.query<DeliveryRow>('SELECT * FROM webhook_deliveries')).rows[0];
  const attempts = async () =>
    (
      await db.pool.query<{ attempt: number; http_status: number | null; error: string | null }>(
        'SELECT attempt, http_status, error FROM webhook_delivery_attempts ORDER BY attempt',
      )
    ).rows;
  const attemptsReach = (n: number) =>
    eventually(
      async () => ((await delivery())?.attempts === n ? delivery() : undefined),
      `attempt ${n}`,
    );

  it('given a receiver that fails three ways then accepts, then it retries until delivered and logs every attempt', async () => {
    const plan: Reply[] = [500, 'hang', 'reset', 200];
    const rx = await receive((n) => plan[n] ?? 200);
    const hook = await insertWebhook(db.pool, rx.url);
    const { occurrence } = await announceFriction(db.pool, { type: 'channel_hop' });
    const clock = new TestClock();
    startWorker({ clock });

    for (let n = 1; n <= 3; n++) {
      const pending = await attemptsReach(n);
      expect(pending.status).toBe('pending');
      expect(pending.next_attempt_at!.getTime()).toBeGreaterThan(clock.now().getTime());
      if (n === 1) {
        // The retry waits for its time: nothing more is sent while the clock stands still.
        await new Promise((r) => setTimeout(r, 300));
        expect(rx.received).toHaveLength(1);
      }
      clock.advance(HOUR);
    }
    const done = await eventually(
      async () => ((await delivery()).status === 'delivered' ? delivery() : undefined),
      'delivered',
    );

    expect(done).toMatchObject({ attempts: 4, next_attempt_at: null });
    expect(done.finished_at).not.toBeNull();
    const log = await attempts();
    expect(log.map((a) => a.http_status)).toEqual([500, null, null, 200]);
    expect(log[0].error).toBeNull();
    expect(log[1].error).toMatch(/^timeout/);
    // Generic: the log must not tell which internal ports answer, nor how.
    expect(log[2].error).toBe('connection failed');
    expect(rx.received).toHaveLength(4);
    const key = idempotencyKey(hook.id, occurrence.id);
    for (const req of rx.received) {
      expect(req.headers['idempotency-key']).toBe(key);
      expect(req.headers['x-journey-delivery']).toBe(done.id);
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers['x-journey-timestamp']).toMatch(/^\d{10}$/);
      const hmac = createHmac('sha256', hook.secret).update(req.body).digest('hex');
      expect(req.headers['x-journey-signature']).toBe(`sha256=${hmac}`);
      expect(req.body).toBe(rx.received[0].body);
    }
    expect(JSON.parse(rx.received[3].body)).toEqual({
      event: 'friction.occurred',
      occurrence,
      deliveryId: done.id,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('given a receiver that never accepts, then the delivery fails once 24 h have passed since the first attempt', async () => {
    const rx = await receive(() => 503);
    await insertWebhook(db.pool, rx.url);
    await announceFriction(db.pool);
    const clock = new TestClock();
    startWorker({ clock });

    const first = await attemptsReach(1);
    clock.advance(23 * HOUR);
    const second = await attemptsReach(2);
    expect(second.status).toBe('pending');
    const deadline = first.first_attempt_at!.getTime() + 24 * HOUR;
    expect(second.next_attempt_at!.getTime()).toBeLessThanOrEqual(deadline);
    clock.advance(2 * HOUR);
    const failed = await attemptsReach(3);

    expect(failed).toMatchObject({ status: 'failed', next_attempt_at: null });
    expect(failed.finished_at).not.toBeNull();
    clock.advance(48 * HOUR);
    await new Promise((r) => setTimeout(r, 200));
    expect(rx.received).toHaveLength(3);
    expect((await attempts()).map((a) => a.http_status)).toEqual([503, 503, 503]);
  });

  it('given two workers on the same deliveries, then each is sent once and never twice at the same time', async () => {
    const rx = await receive(() => 200, 30);
    await insertWebhook(db.pool, rx.url);
    for (let i = 0; i < 40; i++) await announceFriction(db.pool, { customerId: `c-${i}` });
    // A request timed out on a loaded host is rightly sent again; this test is about the lease.
    startWorker({ concurrency: 4, requestTimeoutMs: 10_000 });
    startWorker({ concurrency: 4, requestTimeoutMs: 10_000 });

    await eventually(async () => {
      const { rows } = await db.pool.query(
        "SELECT 1 FROM webhook_deliveries WHERE status = 'delivered'",
      );
      return rows.length === 40 ? true : undefined;
    }, 'all delivered');

    expect(rx.received).toHaveLength(40);
    expect(new Set(rx.received.map((r) => r.headers['idempotency-key'])).size).toBe(40);
    expect(rx.maxConcurrentPerKey()).toBe(1);
    const { rows } = await db.pool.query('SELECT DISTINCT attempts FROM webhook_deliveries');
    expect(rows).toEqual([{ attempts: 1 }]);
  });

  it('given an attempt in flight, when the worker stops, then it waits for the attempt and logs it', async () => {
    const rx = await receive(() => 'hang');
    await insertWebhook(db.pool, rx.url);
    await announceFriction(db.pool);
    const worker = startWorker({ requestTimeoutMs: 500 });
    await eventually(async () => (rx.received.length === 1 ? true : undefined), 'a request');

    await worker.stop();

    expect(await attempts()).toEqual([
      { attempt: 1, http_status: null, error: expect.stringMatching(/^timeout/) },
    ]);
    expect((await delivery()).status).toBe('pending');
  });

  it('given the default policy (public https only), when a webhook points at a 127.0.0.1 receiver, then nothing is sent to it and the log says only that the address is refused', async () => {
    const rx = await receive(() => 200);
    await insertWebhook(db.pool, rx.url);
    await announceFriction(db.pool);
    startWorker({ addresses: { allowHttp: true, allowed: [] } });
    const log = await eventually(async () => {
      const rows = await attempts();
      return rows.length > 0 ? rows : undefined;
    }, 'an attempt');
    expect(log[0]).toMatchObject({ http_status: null, error: REFUSED_ADDRESS });
    await new Promise((r) => setTimeout(r, 200));
    expect(rx.received).toHaveLength(0);
  });
});
