import request from 'supertest';
import { customerStream } from '@journey/events';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';

describe('touchpoint ingestion under concurrency and store failures', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ PG_POOL_SIZE: '40' })));
  afterAll(async () => t?.close());

  it('32 parallel requests for one customer, 50 touchpoints each: all 1,600 stored once, in a valid stream order', async () => {
    const requests = Array.from({ length: 32 }, (_, r) =>
      Array.from({ length: 50 }, (_, i) =>
        touchpoint({ id: `r${r}-t${i}`, customerId: 'c-hot', step: `s${i}` }),
      ),
    );
    const responses = await Promise.all(
      requests.map((touchpoints) =>
        request(t.server).post('/v1/touchpoints').set(bearer(t.keys.ingest)).send({ touchpoints }),
      ),
    );
    for (const res of responses) {
      expect(res.status).toBe(202);
      expect(res.body.accepted).toBe(50);
    }
    const events = await t.store.readStream(customerStream('c-hot'));
    expect(events).toHaveLength(1600);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
    expect(new Set(events.map((e) => e.data.touchpointId)).size).toBe(1600);
    // Each request's group was appended atomically: its 50 events are contiguous and in order.
    for (let i = 0; i < 1600; i += 50) {
      const ids = events.slice(i, i + 50).map((e) => String(e.data.touchpointId));
      const r = ids[0].split('-')[0];
      expect(ids).toEqual(Array.from({ length: 50 }, (_, k) => `${r}-t${k}`));
    }
  });

  it('when the store fails for one customer, answers 503 with per-item status; repeating the request is safe', async () => {
    // A trigger makes appends to one stream fail, as a storage fault would.
    await t.db.pool.query(`CREATE FUNCTION fail_append() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$`);
    await t.db.pool.query(`CREATE TRIGGER fail_append BEFORE INSERT ON es_events FOR EACH ROW
      WHEN (NEW.stream_id = 'customer-c-broken') EXECUTE FUNCTION fail_append()`);
    const body = {
      touchpoints: [
        touchpoint({ id: 'ok-1', customerId: 'c-fine' }),
        touchpoint({ id: 'bad-1', customerId: 'c-broken' }),
        touchpoint({ id: 'ok-2', customerId: 'c-fine' }),
      ],
    };
    const failed = await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .send(body)
      .expect(503);
    expect(failed.body).toMatchObject({
      error: 'INGESTION_INCOMPLETE',
      details: {
        accepted: 2,
        duplicates: 0,
        results: [
          { id: 'ok-1', status: 'accepted' },
          { id: 'bad-1', status: 'failed' },
          { id: 'ok-2', status: 'accepted' },
        ],
      },
    });
    expect(await t.store.readStream(customerStream('c-broken'))).toEqual([]);
    expect(Number(failed.headers['retry-after'])).toBeGreaterThan(0);

    await t.db.pool.query('DROP TRIGGER fail_append ON es_events');
    const retried = await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .send(body)
      .expect(202);
    expect(retried.body.results.map((r: { status: string }) => r.status)).toEqual([
      'duplicate',
      'accepted',
      'duplicate',
    ]);
    expect(await t.store.readStream(customerStream('c-fine'))).toHaveLength(2);
    expect(await t.store.readStream(customerStream('c-broken'))).toHaveLength(1);
  });
});
