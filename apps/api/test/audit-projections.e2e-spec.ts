import request from 'supertest';
import { bearer, startTestApp, TEST_KEK, TestApp, touchpoint } from './harness';
import { runCli } from './process-harness';

const day = (d: number, hour = 9) => new Date(Date.UTC(2026, 3, d, hour)).toISOString();

describe('audit verify-projections and audit replay (CLI)', () => {
  let t: TestApp;
  const cli = (args: string[]) =>
    runCli(['audit', ...args], { DATABASE_URL: t.db.url, LOG_LEVEL: 'error', DATA_KEK: TEST_KEK });

  beforeAll(async () => {
    t = await startTestApp({}, { projector: true });
    const admin = (path: string, body: object) =>
      request(t.server).put(path).set(bearer(t.keys.admin)).send(body);
    await admin('/v1/journeys/kyc/definition', {
      stages: [{ name: 'all', steps: ['start', 'check', 'done', 'rejected'] }],
      goalSteps: ['done'],
      failureSteps: ['rejected'],
      abandonAfter: 'P7D',
    }).expect(201);
    const post = (path: string, body: object) =>
      request(t.server).post(path).set(bearer(t.keys.ingest)).send(body).expect(202);
    // Several customers, a journey without a definition, explicit instance ids, a late event,
    // an unlinked anonymous visitor, a linked one, feedback, an erasure and a redefinition.
    const steps = ['start', 'check', 'done', 'start', 'check', 'rejected', 'start'];
    await post('/v1/touchpoints', {
      touchpoints: Array.from({ length: 42 }, (_, i) =>
        touchpoint({
          id: `p${i}`,
          customerId: `c${i % 6}`,
          journey: i % 7 === 3 ? 'support' : 'kyc',
          step: steps[i % steps.length],
          channel: ['web', 'phone', 'chat'][i % 3],
          occurredAt: day(1 + ((i * 5) % 20), i % 24),
          journeyInstanceId: i % 11 === 0 ? `case-${i % 2}` : undefined,
        }),
      ),
    });
    await post(
      '/v1/touchpoints',
      touchpoint({
        id: 'late',
        customerId: 'c1',
        journey: 'kyc',
        step: 'start',
        occurredAt: day(1, 0),
      }),
    );
    await post(
      '/v1/touchpoints',
      touchpoint({
        id: 'anon-1',
        customerId: undefined,
        anonymousId: 'v-unlinked',
        journey: 'kyc',
        step: 'start',
      }),
    );
    await post(
      '/v1/touchpoints',
      touchpoint({
        id: 'anon-2',
        customerId: undefined,
        anonymousId: 'v-linked',
        journey: 'kyc',
        step: 'check',
        occurredAt: day(2),
      }),
    );
    await post('/v1/identities', { anonymousId: 'v-linked', customerId: 'c2', occurredAt: day(3) });
    await post('/v1/feedback', {
      id: 'f1',
      customerId: 'c3',
      kind: 'nps',
      score: 9,
      occurredAt: day(5),
      journey: 'kyc',
      comment: 'great',
    });
    await post('/v1/feedback', {
      id: 'f2',
      customerId: 'c4',
      kind: 'ces',
      score: 6,
      occurredAt: day(6),
      comment: 'hard',
    });
    await request(t.server).delete('/v1/customers/c4').set(bearer(t.keys.admin)).expect(200);
    await admin('/v1/journeys/kyc/definition', {
      stages: [{ name: 'all', steps: ['start', 'check', 'done', 'rejected'] }],
      goalSteps: ['done', 'check'],
      abandonAfter: 'P3D',
    }).expect(200);
    await t.settle();
  });
  afterAll(async () => t?.close());

  it('given read models built by the projector, then replaying every customer finds no difference', async () => {
    const run = await cli(['verify-projections']);
    expect(run.output).toMatch(/Read models agree with the events for 7 customer\(s\)\./);
    expect(run.output).toMatch(/\[#+\] 7\/7 customers/);
    expect(run.code).toBe(0);
  });

  it('given a read model altered by hand, then every difference is listed, and --sample checks that many', async () => {
    const { rows } = await t.db.pool.query(
      `SELECT journey, instance_id, status FROM rm_journey_instances
        WHERE customer_id = 'c0' AND status <> 'failed' ORDER BY instance_id LIMIT 1`,
    );
    const altered = rows[0];
    await t.db.pool.query(
      `UPDATE rm_journey_instances SET status = 'failed' WHERE customer_id = 'c0' AND instance_id = $1`,
      [altered.instance_id],
    );
    await t.db.pool.query(`DELETE FROM rm_feedback WHERE customer_id = 'c3'`);
    await t.db.pool.query(
      `INSERT INTO rm_journey_instances (customer_id, journey, instance_id, status, started_at, last_activity_at, channels, steps)
       VALUES ('c5', 'kyc', 'ghost', 'active', now(), now(), '{web}', '[]')`,
    );
    const run = await cli(['verify-projections']);
    expect(run.code).toBe(3);
    // stdout and stderr (the progress bar) share the output: take the DIFF lines wherever they are.
    const diffs = run.output.match(/DIFF .*$/gm);
    expect(diffs).toEqual([
      `DIFF  c0  rm_journey_instances ${altered.journey}/${altered.instance_id}  status: live "failed" replayed "${altered.status}"`,
      expect.stringMatching(/DIFF {2}c3 {2}rm_feedback f1 {2}missing: live null replayed \{/),
      expect.stringMatching(/DIFF {2}c5 {2}rm_journey_instances kyc\/ghost {2}unexpected: live \{/),
    ]);
    expect(run.output).toMatch(/3 difference\(s\) over 7 customer\(s\)\./);
    const sampled = await cli(['verify-projections', '--sample', '2']);
    expect(sampled.output).toMatch(/over 2 customer\(s\)|for 2 customer\(s\)/);
    expect((await cli(['verify-projections', '--sample', 'x'])).code).toBe(2);
  });

  it('audit replay prints the journeys as of a moment, like the API', async () => {
    const asOf = new Date().toISOString();
    const api = (
      await request(t.server)
        .get(`/v1/customers/c2/journeys?asOf=${asOf}&limit=200`)
        .set(bearer(t.keys.all))
        .expect(200)
    ).body;
    const run = await cli(['replay', 'c2', '--as-of', asOf]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.output)).toEqual({ customerId: 'c2', journeys: api.journeys });
    expect(
      api.journeys.some((j: { steps: { touchpointId: string }[] }) =>
        j.steps.some((s) => s.touchpointId === 'anon-2'),
      ),
    ).toBe(true);
    const early = await cli(['replay', 'c2', '--as-of', '2020-01-01T00:00:00Z']);
    expect(JSON.parse(early.output).journeys).toEqual([]);
    expect((await cli(['replay', 'c2', '--as-of', 'soon'])).code).toBe(2);
  });
});
