import { TestDatabase } from '../../../../../test/test-database';
import {
  announceFriction,
  insertWebhook,
  migratedTestDatabase,
} from '../../../../../test/webhook-fixtures';
import { systemClock } from '@journey/event-store';
import { FeedFanOut } from './fan-out';

const URL = 'http://127.0.0.1:9/unused';

describe('fan-out of the friction feed', () => {
  let db: TestDatabase;
  beforeEach(async () => (db = await migratedTestDatabase()));
  afterEach(async () => db?.drop());

  /** Runs batches until the worker reports nothing more to do now. */
  const drain = async (fanOut: FeedFanOut) => {
    while (await fanOut.runBatch());
  };
  /** Delivered feed seqs per webhook id. */
  const deliveries = async () => {
    const { rows } = await db.pool.query<{ webhook_id: string; seq: string }>(
      'SELECT webhook_id, feed_seq::text AS seq FROM webhook_deliveries ORDER BY feed_seq',
    );
    const by = new Map<string, number[]>();
    for (const r of rows) by.set(r.webhook_id, [...(by.get(r.webhook_id) ?? []), Number(r.seq)]);
    return by;
  };

  it('given webhooks filtered by type and by journey, then each gets exactly the rows it asked for', async () => {
    const all = await insertWebhook(db.pool, URL);
    const failures = await insertWebhook(db.pool, URL, { types: ['failure', 'abandonment'] });
    const checkout = await insertWebhook(db.pool, URL, { journeys: ['checkout'] });
    const both = await insertWebhook(db.pool, URL, { types: ['failure'], journeys: ['checkout'] });
    const a = await announceFriction(db.pool, { type: 'failure', journey: 'onboarding' });
    const b = await announceFriction(db.pool, { type: 'channel_hop', journey: 'checkout' });
    const c = await announceFriction(db.pool, { type: 'failure', journey: 'checkout' });
    const d = await announceFriction(db.pool, { type: 'abandonment', journey: 'onboarding' });

    await drain(new FeedFanOut(db.pool, systemClock));

    const got = await deliveries();
    expect(got.get(all.id)).toEqual([a.seq, b.seq, c.seq, d.seq]);
    expect(got.get(failures.id)).toEqual([a.seq, c.seq, d.seq]);
    expect(got.get(checkout.id)).toEqual([b.seq, c.seq]);
    expect(got.get(both.id)).toEqual([c.seq]);
  });

  it('given rows fanned out before a webhook existed, then it only gets rows after it was created', async () => {
    const fanOut = new FeedFanOut(db.pool, systemClock);
    await announceFriction(db.pool);
    await drain(fanOut);
    const late = await insertWebhook(db.pool, URL);
    const after = await announceFriction(db.pool);
    await drain(fanOut);
    expect((await deliveries()).get(late.id)).toEqual([after.seq]);
  });

  it('given a deleted webhook, then new rows are not fanned out to it', async () => {
    const kept = await insertWebhook(db.pool, URL);
    const gone = await insertWebhook(db.pool, URL);
    const fanOut = new FeedFanOut(db.pool, systemClock);
    const first = await announceFriction(db.pool);
    await drain(fanOut);
    await db.pool.query('DELETE FROM webhooks WHERE id = $1', [gone.id]);
    const second = await announceFriction(db.pool);
    await drain(fanOut);
    const got = await deliveries();
    expect(got.get(kept.id)).toEqual([first.seq, second.seq]);
    expect(got.has(gone.id)).toBe(false);
  });

  it('given a row with a lower seq committed after a higher one, then it is not skipped', async () => {
    const hook = await insertWebhook(db.pool, URL);
    const fanOut = new FeedFanOut(db.pool, systemClock);
    const slow = await db.pool.connect();
    try {
      await slow.query('BEGIN');
      const early = await announceFriction(slow); // takes the lower seq, commits last
      const late = await announceFriction(db.pool);
      expect(late.seq).toBeGreaterThan(early.seq);

      await drain(fanOut);
      // While the slower transaction is open, nothing past its seq may be passed.
      expect((await deliveries()).get(hook.id)).toBeUndefined();
      const { rows } = await db.pool.query('SELECT seq FROM webhook_fanout_cursor');
      expect(Number(rows[0].seq)).toBeLessThan(early.seq);

      await slow.query('COMMIT');
      await drain(fanOut);
      await drain(fanOut);
      expect((await deliveries()).get(hook.id)).toEqual([early.seq, late.seq]);
    } finally {
      slow.release();
    }
  });

  it('given another worker fanning out, then this one skips the cursor instead of waiting for it', async () => {
    const hook = await insertWebhook(db.pool, URL);
    const first = await announceFriction(db.pool);
    const other = await db.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT seq FROM webhook_fanout_cursor WHERE id = 1 FOR UPDATE');
      const fanOut = new FeedFanOut(db.pool, systemClock);
      expect(await fanOut.runBatch()).toBe(false);
      await other.query('COMMIT');
      await drain(fanOut);
      expect((await deliveries()).get(hook.id)).toEqual([first.seq]);
    } finally {
      other.release();
    }
  });

  it('given more rows than a batch, then it moves through them batch by batch', async () => {
    const hook = await insertWebhook(db.pool, URL, { types: ['slow_step'] });
    await db.pool.query(
      `INSERT INTO friction_feed (occurrence_id, journey, type, customer_id, payload)
       SELECT gen_random_uuid(), 'onboarding', CASE WHEN i % 2 = 0 THEN 'slow_step' ELSE 'failure' END,
              'c-' || i, '{}'::jsonb
         FROM generate_series(1, 2500) i`,
    );
    const fanOut = new FeedFanOut(db.pool, systemClock);
    expect(await fanOut.runBatch()).toBe(true);
    await drain(fanOut);
    expect((await deliveries()).get(hook.id)).toHaveLength(1250);
    const { rows } = await db.pool.query('SELECT seq FROM webhook_fanout_cursor');
    expect(Number(rows[0].seq)).toBe(2500);
  });
});
