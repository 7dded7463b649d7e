import request from 'supertest';
import { HELPDESK_FILE, readXes } from '../../../test/data/helpdesk';
import { RECEIPT_CHANNELS, readReceiptLog } from '../../../test/data/receipt';
import { bearer, startTestApp, TestApp } from './harness';
import { defineJourney, ingestInBatches } from './requests';

const THIRTY_DAYS = 30 * 86_400_000;

/** One case of a log: its activities with time and file position. */
interface CaseEvent {
  readonly activity: string;
  readonly time: number;
  readonly index: number;
  readonly channel?: string;
}

/**
 * The plain count: per case, activities ordered by time, ties by file position (the engine's
 * order, since each case is posted in file order and ties go by arrival); a case is closed when
 * it reached a goal step, else when its last event is more than 30 days before the log's last
 * (the watermark); closed cases counted per joined sequence.
 */
function expectedVariants(cases: Map<string, CaseEvent[]>, goals: ReadonlySet<string>) {
  const watermark = Math.max(...[...cases.values()].flat().map((e) => e.time));
  const counts = new Map<string, number>();
  let closed = 0;
  for (const events of cases.values()) {
    const ordered = [...events].sort((a, b) => a.time - b.time || a.index - b.index);
    const done = ordered.some((e) => goals.has(e.activity));
    if (!done && watermark - ordered[ordered.length - 1].time <= THIRTY_DAYS) continue;
    const key = ordered.map((e) => e.activity).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
    closed++;
  }
  return { counts, closed };
}

async function ingest(t: TestApp, journey: string, cases: Map<string, CaseEvent[]>) {
  // Each case in file order: arrival then breaks ties of time as the file does.
  const all = [...cases].flatMap(([caseId, events]) =>
    events.map((e) => ({
      id: `${caseId}#${e.index}`,
      customerId: caseId,
      journeyInstanceId: caseId,
      journey,
      step: e.activity,
      channel: e.channel ?? 'other',
      occurredAt: new Date(e.time).toISOString(),
    })),
  );
  await ingestInBatches(t, all);
  await t.settle();
}

/** Every page of the variants endpoint: sequence -> count, and the reported total. */
async function allVariants(t: TestApp, journey: string) {
  const counts = new Map<string, number>();
  let cursor: string | null = null;
  let closed = -1;
  do {
    const page: {
      closedInstances: number;
      variants: { steps: string[]; count: number }[];
      nextCursor: string | null;
    } = (
      await request(t.server)
        .get(`/v1/journey-maps/${journey}/variants?limit=100${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(t.keys.read))
        .expect(200)
    ).body;
    closed = page.closedInstances;
    for (const v of page.variants) {
      const key = v.steps.join('\u0001');
      expect(counts.has(key)).toBe(false);
      counts.set(key, v.count);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { counts, closed };
}

describe('variants of the real help-desk log (goal step: Closed)', () => {
  let t: TestApp;
  const cases = new Map<string, CaseEvent[]>(readXes(HELPDESK_FILE));
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_SECOND: '0' }, { projector: true });
    await defineJourney(t, 'helpdesk', {
      stages: [{ name: 'closed', steps: ['Closed'] }],
      goalSteps: ['Closed'],
    });
    await ingest(t, 'helpdesk', cases);
  });
  afterAll(async () => t?.close());

  it('has every variant count of the file, and their total', async () => {
    const expected = expectedVariants(cases, new Set(['Closed']));
    const got = await allVariants(t, 'helpdesk');
    expect(got.closed).toBe(expected.closed);
    expect(got.counts).toEqual(expected.counts);
    expect(expected.counts.size).toBeGreaterThan(10);
  });
});

describe('variants of the real permit-receipt log (no goal steps: closed = abandoned)', () => {
  let t: TestApp;
  const cases = new Map<string, CaseEvent[]>(
    [...readReceiptLog()].map(([id, events]) => [
      id,
      events.map((e) => ({ ...e, channel: RECEIPT_CHANNELS[e.channel] })),
    ]),
  );
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_SECOND: '0' }, { projector: true });
    await ingest(t, 'receipt', cases);
  });
  afterAll(async () => t?.close());

  it('has every variant count of the file, and their total', async () => {
    const expected = expectedVariants(cases, new Set());
    const got = await allVariants(t, 'receipt');
    expect(got.closed).toBe(expected.closed);
    expect(got.counts).toEqual(expected.counts);
    expect(expected.counts.size).toBeGreaterThan(10);
  });
});
