import request from 'supertest';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';
import { ingestInBatches, postTouchpoints } from './requests';

describe('abandonment sweep', () => {
  let t: TestApp;
  beforeAll(
    async () => (t = await startTestApp({ RATE_LIMIT_PER_SECOND: '0' }, { projector: true })),
  );
  afterAll(async () => t?.close());

  it('given more overdue instances than one batch sweeps, when events stop, then idle ticks abandon them all', async () => {
    const old = Array.from({ length: 2300 }, (_, i) =>
      touchpoint({
        id: `o${i}`,
        customerId: `old-${i}`,
        journey: 'sweep',
        step: 'start',
        occurredAt: '2026-01-01T00:00:00Z',
      }),
    );
    await ingestInBatches(t, old);
    await t.settle();
    // One late-dated touchpoint moves the watermark 40 days on: every other instance is overdue.
    await postTouchpoints(
      t,
      touchpoint({
        id: 'new',
        customerId: 'new-1',
        journey: 'sweep',
        step: 'start',
        occurredAt: '2026-02-10T00:00:00Z',
      }),
    );
    await t.settle();
    let instances: Record<string, number> = {};
    for (let waited = 0; waited < 20_000; waited += 200) {
      const res = await request(t.server).get('/v1/journeys').set(bearer(t.keys.read)).expect(200);
      instances = res.body.find((j: { journey: string }) => j.journey === 'sweep').instances;
      if (instances.abandoned === 2300) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(instances).toEqual({ total: 2301, active: 1, completed: 0, failed: 0, abandoned: 2300 });
  });
});
