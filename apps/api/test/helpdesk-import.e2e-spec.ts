import request from 'supertest';
import { HELPDESK_FILE, LogEvent, readXes } from '../../../test/data/helpdesk';
import { bearer, startTestApp, TestApp } from './harness';
import { ingestInBatches } from './requests';

const THIRTY_DAYS = 30 * 86_400_000;
const increment = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/**
 * The real help-desk log through the whole product: HTTP ingestion, the store, the projector and
 * the journey-map query, checked against plain counts over the file.
 */
describe('helpdesk log imported through the API', () => {
  let t: TestApp;
  let cases: Map<string, LogEvent[]>;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_SECOND: '0' }, { projector: true });
    cases = readXes(HELPDESK_FILE);
    const all = [...cases].flatMap(([caseId, events]) =>
      events.map((e) => ({
        id: `${caseId}#${e.index}`,
        customerId: caseId,
        journeyInstanceId: caseId,
        journey: 'helpdesk',
        step: e.activity,
        channel: 'other',
        occurredAt: e.timestamp,
      })),
    );
    await ingestInBatches(t, all);
    await t.settle();
  });
  afterAll(async () => t?.close());

  it('has every node and edge count of the file', async () => {
    const expectedNodes = new Map<string, number>();
    const expectedEdges = new Map<string, number>();
    const watermark = Math.max(...[...cases.values()].flat().map((e) => e.time));
    let abandoned = 0;
    for (const events of cases.values()) {
      const ordered = [...events].sort((a, b) => a.time - b.time || a.index - b.index);
      ordered.forEach((e, i) => {
        increment(expectedNodes, e.activity);
        increment(
          expectedEdges,
          `${i === 0 ? '__start__' : ordered[i - 1].activity}->${e.activity}`,
        );
      });
      if (watermark - ordered[ordered.length - 1].time > THIRTY_DAYS) {
        abandoned++;
        increment(expectedEdges, `${ordered[ordered.length - 1].activity}->__end__`);
      }
    }
    const map = (
      await request(t.server).get('/v1/journey-maps/helpdesk').set(bearer(t.keys.read)).expect(200)
    ).body;
    expect(map.instances.total).toBe(4580);
    expect(map.instances.abandoned).toBe(abandoned);
    expect(map.customers).toBe(4580);
    expect(
      new Map(map.nodes.map((n: { step: string; count: number }) => [n.step, n.count])),
    ).toEqual(expectedNodes);
    expect(
      new Map(
        map.edges.map((e: { from: string; to: string; count: number }) => [
          `${e.from}->${e.to}`,
          e.count,
        ]),
      ),
    ).toEqual(expectedEdges);
  });
});
