import request from 'supertest';
import { bearer, startTestApp, TestApp, touchpoint } from '../../api/test/harness';
import { storeIsEmpty } from '../src/http-seeder';

describe('demo seeding --if-empty against the real API', () => {
  let t: TestApp;
  let target: { url: string; key: string };
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_SECOND: '0' }, { projector: true });
    await t.app.listen(0, '127.0.0.1');
    target = { url: await t.app.getUrl(), key: t.keys.all };
  });
  afterAll(async () => t?.close());

  it('given a fresh store whose projector has already recorded its checkpoint, then it counts as empty (the quickstart seeds it)', async () => {
    await t.settle();
    const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM projection_checkpoints');
    expect(rows[0].n).toBeGreaterThan(0);
    expect(await storeIsEmpty(target)).toBe(true);
  });

  it('given one stored touchpoint, then it is not empty, before and after projection', async () => {
    await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .send(touchpoint({ id: 'first', customerId: 'c-1' }))
      .expect(202);
    expect(await storeIsEmpty(target)).toBe(false);
    await t.settle();
    expect(await storeIsEmpty(target)).toBe(false);
  });
});
