import request from 'supertest';
import { rebuildProjection } from '../../projector/src/rebuild/rebuild';
import { JourneysProjection } from '../../projector/src/journeys/journeys.projection';
import {
  claimRebuild,
  RebuildInProgressError,
  runRebuild,
} from '../../projector/src/rebuild/recorded-rebuild';
import { readModelSnapshot } from '../../projector/test/read-model-snapshot';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';
import { defineJourney, linkIdentity, postTouchpoints, sendFeedback } from './requests';

const CHANNELS = ['web', 'mobile_app', 'phone', 'chat'];
const STEPS = ['start', 'details', 'id-check', 'activated'];

const snapshot = (t: TestApp) => readModelSnapshot(t.db.pool);

describe('rebuilding the journeys projection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { projector: true });
    await defineJourney(t, 'kyc', {
      stages: [{ name: 'all', steps: STEPS }],
      goalSteps: ['activated'],
      stepSla: { 'id-check': 3_600_000 },
    });
    // Out-of-order arrivals, late events, an identity link: the cases where live and rebuild could drift.
    for (let round = 0; round < 4; round++) {
      const touchpoints = Array.from({ length: 150 }, (_, i) => {
        const n = round * 150 + i;
        return touchpoint({
          id: `t${n}`,
          customerId: `c${n % 40}`,
          journey: 'kyc',
          step: STEPS[(n * 7) % 4],
          channel: CHANNELS[(n * 3) % 4],
          outcome: n % 9 === 0 ? 'failure' : 'success',
          occurredAt: new Date(Date.UTC(2026, 4, 1) + ((n * 7919) % 600) * 3_600_000).toISOString(),
        });
      });
      await postTouchpoints(t, { touchpoints });
    }
    await postTouchpoints(
      t,
      touchpoint({
        id: 'anon-1',
        customerId: undefined,
        anonymousId: 'a1',
        journey: 'kyc',
        step: 'start',
        occurredAt: '2026-05-02T00:00:00Z',
      }),
    );
    // One anonymous id stays unlinked: its touchpoints remain its own.
    await postTouchpoints(
      t,
      touchpoint({
        id: 'anon-2',
        customerId: undefined,
        anonymousId: 'a2',
        journey: 'kyc',
        step: 'details',
        occurredAt: '2026-05-03T00:00:00Z',
      }),
    );
    await sendFeedback(t, {
      id: 'f1',
      customerId: 'c1',
      journey: 'kyc',
      kind: 'csat',
      score: 2,
      occurredAt: '2026-05-02T02:00:00Z',
    });
    await linkIdentity(t, {
      anonymousId: 'a1',
      customerId: 'c1',
      occurredAt: '2026-05-02T01:00:00Z',
    });
    await t.settle();
  });
  afterAll(async () => t?.close());

  it('finds frictions of several kinds live (so the comparison below has something to compare)', async () => {
    const { rows } = await t.db.pool.query<{ type: string }>(
      'SELECT DISTINCT type FROM rm_friction_occurrences ORDER BY 1',
    );
    expect(rows.map((r) => r.type)).toEqual(
      expect.arrayContaining(['failure', 'negative_feedback', 'repeat_attempt', 'slow_step']),
    );
  });

  it('gives read models identical to the live ones, while queries keep being answered', async () => {
    const live = await snapshot(t);
    expect(live.instances.length).toBeGreaterThan(40);
    let querying = true;
    const answers: number[] = [];
    const queries = (async () => {
      while (querying) {
        const res = await request(t.server).get('/v1/journey-maps/kyc').set(bearer(t.keys.read));
        answers.push(res.status === 200 && res.body.instances.total > 0 ? 200 : res.status);
      }
    })();
    const progress = await rebuildProjection(
      t.store,
      t.db.url,
      (mode) => new JourneysProjection({ mode }),
    );
    querying = false;
    await queries;
    expect(progress.processed).toBe(progress.total);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((s) => s === 200)).toBe(true);
    await t.settle();
    expect(await snapshot(t)).toEqual(live);
    // The swapped-in tables arrive with planner statistics (analyzed before the swap).
    const { rows: analyzed } = await t.db.pool.query<{ relname: string }>(
      `SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'public'
         AND relname IN ('rm_touchpoints', 'rm_journey_instances') AND last_analyze IS NOT NULL`,
    );
    expect(analyzed.map((r) => r.relname).sort()).toEqual([
      'rm_journey_instances',
      'rm_touchpoints',
    ]);
  });

  it('keeps projecting live events after the swap', async () => {
    await postTouchpoints(
      t,
      touchpoint({
        id: 'after',
        customerId: 'c-new',
        journey: 'kyc',
        step: 'start',
        occurredAt: '2026-06-01T00:00:00Z',
      }),
    );
    await t.settle();
    const res = await request(t.server)
      .get('/v1/customers/c-new/journeys')
      .set(bearer(t.keys.read))
      .expect(200);
    expect(res.body.journeys).toHaveLength(1);
  });

  it('POST /v1/projections/{name}/rebuild asks the projector to rebuild, reporting progress in GET /v1/projections', async () => {
    const before = await snapshot(t);
    const res = await request(t.server)
      .post('/v1/projections/journeys/rebuild')
      .set(bearer(t.keys.admin))
      .expect(202);
    expect(res.body).toMatchObject({ status: 'requested', id: expect.any(String) });
    const again = await request(t.server)
      .post('/v1/projections/journeys/rebuild')
      .set(bearer(t.keys.admin))
      .expect(409);
    expect(again.body.error).toBe('REBUILD_IN_PROGRESS');
    let rebuild: { id: string; status: string; processed: number; total: number } | null = null;
    for (let waited = 0; waited < 30_000; waited += 100) {
      const list = await request(t.server)
        .get('/v1/projections')
        .set(bearer(t.keys.read))
        .expect(200);
      rebuild = list.body[0].rebuild;
      if (rebuild?.status === 'done' || rebuild?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(rebuild).toMatchObject({ id: res.body.id, status: 'done' });
    expect(rebuild!.processed).toBe(rebuild!.total);
    await t.settle();
    expect(await snapshot(t)).toEqual(before);
  });

  it('records a rebuild run outside the API (the CLI), which blocks other rebuilds while it runs', async () => {
    const job = await claimRebuild(t.db.pool, 'journeys');
    // Running: neither the API nor a second CLI may start one on the same shadow tables.
    const refused = await request(t.server)
      .post('/v1/projections/journeys/rebuild')
      .set(bearer(t.keys.admin))
      .expect(409);
    expect(refused.body.error).toBe('REBUILD_IN_PROGRESS');
    await expect(claimRebuild(t.db.pool, 'journeys')).rejects.toBeInstanceOf(
      RebuildInProgressError,
    );
    const running = await request(t.server).get('/v1/projections').set(bearer(t.keys.read));
    expect(running.body[0].rebuild).toMatchObject({ id: job.id, status: 'running' });
    const result = await runRebuild(
      t.db.pool,
      t.store,
      t.db.url,
      job,
      (mode, partition) => new JourneysProjection({ mode, partition }),
      16,
    );
    const done = await request(t.server).get('/v1/projections').set(bearer(t.keys.read));
    expect(done.body[0].rebuild).toMatchObject({
      id: job.id,
      status: 'done',
      processed: result.processed,
      finishedAt: expect.any(String),
    });
  });

  it('refuses unknown projections and keys without the admin scope', async () => {
    await request(t.server)
      .post('/v1/projections/nope/rebuild')
      .set(bearer(t.keys.admin))
      .expect(404);
    await request(t.server)
      .post('/v1/projections/journeys/rebuild')
      .set(bearer(t.keys.read))
      .expect(403);
  });
});
