import request from 'supertest';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';

/** Ends every other session of the test's database, as a restart or kill -9 of PostgreSQL would. */
const TERMINATE_OTHERS = `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
  WHERE pid <> pg_backend_pid() AND datname = current_database()`;

describe('Sessions terminated under load: the API and the projector carry on', () => {
  let t: TestApp;
  beforeAll(
    async () => (t = await startTestApp({ RATE_LIMIT_PER_SECOND: '0' }, { projector: true })),
  );
  afterAll(async () => t?.close());

  /** Posts until stored: a request meeting a lost session gets a 503, and may be repeated. */
  const store = async (body: object) => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const res = await request(t.server)
        .post('/v1/touchpoints')
        .set(bearer(t.keys.ingest))
        .send(body);
      if (res.status === 202) return;
      expect(res.status).toBe(503);
    }
    throw new Error('never stored');
  };

  it('every touchpoint is stored and projected, in spite of three rounds of terminations', async () => {
    const senders = Array.from({ length: 6 }, async (_, s) => {
      for (let b = 0; b < 6; b++) {
        await store({
          touchpoints: Array.from({ length: 10 }, (_, i) =>
            touchpoint({ id: `tp-${s}-${b}-${i}`, customerId: `c-${s}-${i % 3}` }),
          ),
        });
      }
    });
    for (let round = 0; round < 3; round++) {
      await new Promise((r) => setTimeout(r, 150));
      await t.db.pool.query(TERMINATE_OTHERS);
    }
    await Promise.all(senders);
    // The projector resumes: its checkpoints reach the newest event, every touchpoint projected.
    await t.settle();
    const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM rm_touchpoints');
    expect(rows[0].n).toBe(6 * 6 * 10);
  });
});
