import request from 'supertest';
import { DEFINITIONS } from '../../../bench/long-journeys-graph';
import { describe as shapeOf, history, Timed } from '../../../bench/long-journeys-workload';
import { bearer, startTestApp, TestApp } from './harness';

/**
 * Issue 14: a long interleaved workload (the benchmark's generator, smaller) posted over HTTP while
 * the projector runs beside the API, so pairs are extended batch after batch by the in-order fast
 * path and recomputed for the late touchpoints. The journey map must equal a plain count of what
 * was posted: every step, every transition, every instance.
 */
const SEED = 1414;
const CUSTOMERS = 300;
const SENDERS = 4;
const BATCH = 200;
// No abandonment (the sweep runs when idle, after the catch-up this test waits for): instances
// end at a goal or failure step only.
const NEVER = 'P3650D';
type Journey = keyof typeof DEFINITIONS;
type MapBody = {
  nodes: { step: string; count: number }[];
  edges: { from: string; to: string; count: number }[];
  instances: Record<string, number>;
};

describe('a long interleaved workload through HTTP, with the projector running', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { projector: true });
    for (const [journey, definition] of Object.entries(DEFINITIONS))
      await request(t.server)
        .put(`/v1/journeys/${journey}/definition`)
        .set(bearer(t.keys.admin))
        .send({ ...definition, abandonAfter: NEVER })
        .expect(201);
  });
  afterAll(async () => t?.close());

  it('given 300 customers of 20-60 steps with loops, shared timestamps and late touchpoints, when 4 senders post them concurrently, then the journey maps count exactly the posted steps, transitions and instances', async () => {
    const { posted, perCustomer } = history(SEED, CUSTOMERS);
    const { shape } = shapeOf(posted, perCustomer);
    expect(shape.touchpoints).toBeGreaterThan(10_000);
    expect(shape.loanSteps.max).toBeGreaterThanOrEqual(50);
    expect(shape.lateTouchpoints).toBeGreaterThan(0);
    expect(shape.sameInstantAsPrevious).toBeGreaterThan(0);

    // Each customer is one sender's, which posts its share in order, one batch after the other:
    // a customer's touchpoints are stored in the order posted, whatever the other senders do.
    const shares = Array.from({ length: SENDERS }, () => [] as Timed[]);
    posted.forEach((e) => shares[customerNumber(e) % SENDERS].push(e));
    await Promise.all(
      shares.map(async (share) => {
        for (let i = 0; i < share.length; i += BATCH) {
          const touchpoints = share.slice(i, i + BATCH).map((e) => e.tp);
          const res = await request(t.server)
            .post('/v1/touchpoints')
            .set(bearer(t.keys.ingest))
            .send({ touchpoints });
          expect([res.status, res.body.accepted]).toEqual([202, touchpoints.length]);
        }
      }),
    );
    await t.settle();

    for (const journey of Object.keys(DEFINITIONS) as Journey[]) {
      const map: MapBody = (
        await request(t.server)
          .get(`/v1/journey-maps/${journey}`)
          .set(bearer(t.keys.read))
          .expect(200)
      ).body;
      const want = plainCount(posted, journey);
      expect(Object.fromEntries(map.nodes.map((n) => [n.step, n.count]))).toEqual(want.nodes);
      expect(Object.fromEntries(map.edges.map((e) => [`${e.from} > ${e.to}`, e.count]))).toEqual(
        want.edges,
      );
      expect(map.instances).toEqual(want.instances);
    }
  });
});

const customerNumber = (e: Timed) => Number(e.tp.customerId.replace(/\D/g, ''));

/**
 * Steps, transitions and instances of one journey, counted from the posted touchpoints: each
 * customer's in event time, ties in the order posted (their arrival); an instance ends at its
 * first goal or failure step, and the customer's next step starts another.
 */
function plainCount(posted: readonly Timed[], journey: Journey) {
  const { goalSteps, failureSteps } = DEFINITIONS[journey] as {
    goalSteps: string[];
    failureSteps: string[];
  };
  const byCustomer = new Map<string, Timed[]>();
  for (const e of posted) {
    if (e.tp.journey !== journey) continue;
    const list = byCustomer.get(e.tp.customerId);
    if (list) list.push(e);
    else byCustomer.set(e.tp.customerId, [e]);
  }
  const nodes: Record<string, number> = {};
  const edges: Record<string, number> = {};
  const instances = { total: 0, active: 0, completed: 0, failed: 0, abandoned: 0 };
  const add = (counts: Record<string, number>, key: string) =>
    (counts[key] = (counts[key] ?? 0) + 1);
  for (const list of byCustomer.values()) {
    // A stable sort: same-instant steps keep their posting order.
    const steps = [...list].sort((a, b) => a.t - b.t).map((e) => e.tp.step);
    let previous: string | null = null;
    for (const step of steps) {
      add(nodes, step);
      if (previous === null) instances.total++;
      add(edges, `${previous ?? '__start__'} > ${step}`);
      previous = step;
      const end = goalSteps.includes(step)
        ? 'completed'
        : failureSteps.includes(step)
          ? 'failed'
          : null;
      if (end === null) continue;
      add(edges, `${step} > __end__`);
      instances[end]++;
      previous = null;
    }
    if (previous !== null) instances.active++;
  }
  return { nodes, edges, instances };
}
