import fc from 'fast-check';
import { DataSource } from 'typeorm';
import {
  anonymousStream,
  Channel,
  customerStream,
  deterministicEventId,
  JourneyEvent,
  journeyDefinitionStream,
  serialize,
} from '@journey/events';
import { inTransaction, PostgresEventStore, RecordedEvent, START } from '@journey/event-store';
import { migrateReadModels, readModelDataSourceOptions } from '@journey/read-models';
import { createTestDatabase, TestDatabase } from '../../../../test/test-database';
import { readModelSnapshot } from '../../test/read-model-snapshot';
import { rebuildProjection } from '../rebuild/rebuild';
import { ensureCheckpoint, saveCheckpoint } from '../runner/checkpoints';
import { JourneysProjection } from './journeys.projection';

/**
 * Issue 4's properties over the real read models (PostgreSQL, the live projection's own writes):
 * any arrival order of the same events, applied in any batching, with batches that crash after
 * their writes and are retried, gives identical read models; and a rebuild from the store gives
 * read models identical to the live ones.
 */
const T0 = Date.UTC(2026, 4, 1);
const MINUTE = 60_000;
const STEPS = ['start', 'details', 'check', 'help', 'done', 'fail'];
const CHANNELS: Channel[] = ['web', 'phone', 'chat'];

const touchpointArb = fc.record({
  minute: fc.integer({ min: 0, max: 6 * 24 * 60 }), // six days: the definition abandons after one
  owner: fc.constantFrom('c1', 'c2', 'c3', 'a1', 'a2'),
  step: fc.constantFrom(...STEPS),
  channel: fc.constantFrom(...CHANNELS),
  outcome: fc.constantFrom('success', 'success', 'failure' as const),
  instance: fc.constantFrom<string | null>(null, null, null, 'x1'),
});

const feedbackArb = fc.record({
  minute: fc.integer({ min: 0, max: 6 * 24 * 60 }),
  customer: fc.constantFrom('c1', 'c2'),
  score: fc.integer({ min: 1, max: 5 }),
});

/** Touchpoints with distinct occurredAt, some feedback, one identity link, one definition. */
const historyArb = fc
  .record({
    touchpoints: fc.uniqueArray(touchpointArb, {
      selector: (t) => t.minute,
      minLength: 1,
      maxLength: 40,
    }),
    feedback: fc.array(feedbackArb, { maxLength: 3 }),
    linkMinute: fc.integer({ min: 0, max: 6 * 24 * 60 }),
  })
  .map(({ touchpoints, feedback, linkMinute }) => eventsOf(touchpoints, feedback, linkMinute));

type Stored = { stream: string; id: string; event: JourneyEvent };

function eventsOf(
  touchpoints: TouchpointInput[],
  feedback: FeedbackInput[],
  linkMinute: number,
): Stored[] {
  const at = (minute: number) => new Date(T0 + minute * MINUTE).toISOString();
  const events: Stored[] = touchpoints.map((t, i) => {
    const anonymous = t.owner.startsWith('a');
    return {
      stream: anonymous ? anonymousStream(t.owner) : customerStream(t.owner),
      id: deterministicEventId('tp', String(i)),
      event: {
        type: 'TouchpointRecorded',
        data: {
          touchpointId: `tp-${i}`,
          customerId: anonymous ? null : t.owner,
          anonymousId: anonymous ? t.owner : null,
          journey: 'j',
          step: t.step,
          stage: null,
          channel: t.channel,
          outcome: t.outcome,
          occurredAt: at(t.minute),
          journeyInstanceId: t.instance,
          durationMs: null,
          source: null,
          agentId: null,
          attributes: {},
        },
      },
    };
  });
  feedback.forEach((f, i) =>
    events.push({
      stream: customerStream(f.customer),
      id: deterministicEventId('fb', String(i)),
      event: {
        type: 'FeedbackGiven',
        data: {
          feedbackId: `fb-${i}`,
          customerId: f.customer,
          kind: 'csat',
          score: f.score,
          occurredAt: at(f.minute),
          journey: 'j',
          touchpointId: null,
          channel: null,
          comment: null,
        },
      },
    }),
  );
  events.push({
    stream: anonymousStream('a1'),
    id: deterministicEventId('link'),
    event: {
      type: 'CustomerIdentified',
      data: { anonymousId: 'a1', customerId: 'c1', occurredAt: at(linkMinute) },
    },
  });
  events.push({
    stream: journeyDefinitionStream('j'),
    id: deterministicEventId('definition'),
    event: {
      type: 'JourneyDefined',
      data: {
        journey: 'j',
        stages: [
          { name: 'apply', steps: ['start', 'details'] },
          { name: 'verify', steps: ['check', 'done', 'fail'] },
        ],
        goalSteps: ['done'],
        failureSteps: ['fail'],
        abandonAfter: 'P1D',
        stepSla: { check: 3_600_000 },
        personalAttributes: [],
        frictionThresholds: {},
      },
    },
  });
  return events;
}

interface TouchpointInput {
  minute: number;
  owner: string;
  step: string;
  channel: Channel;
  outcome: 'success' | 'failure';
  instance: string | null;
}
interface FeedbackInput {
  minute: number;
  customer: string;
  score: number;
}

/** The history, an arrival order of it, batch sizes, and which batches crash before committing. */
const scenarioArb = historyArb.chain((events) =>
  fc.record({
    events: fc.constant(events),
    order: fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
    batches: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
    crashes: fc.uniqueArray(fc.nat({ max: 12 }), { maxLength: 3 }),
  }),
);

describe('journeys read models (properties over PostgreSQL)', () => {
  let template: TestDatabase;
  beforeAll(async () => {
    template = await createTestDatabase(2);
    const setup = new PostgresEventStore(template.pool);
    await setup.ensureSchema();
    await setup.close();
    const ds = new DataSource(readModelDataSourceOptions(template.url, 2));
    await ds.initialize();
    await migrateReadModels(ds);
    await ds.destroy();
    await template.pool.end();
  });
  afterAll(async () => template?.drop());

  /** A fresh store in the given arrival order, projected live as the scenario says. */
  async function projectLive(
    order: readonly Stored[],
    batches: readonly number[],
    crashes: readonly number[],
  ): Promise<{ db: TestDatabase; store: PostgresEventStore }> {
    const db = await createTestDatabase(4, { template: template.name });
    const store = new PostgresEventStore(db.pool);
    for (const e of order)
      await store.appendToStream(e.stream, [serialize(e.id, e.event, metadata)]);
    const all = await store.readAll({ maxCount: order.length + 1 });
    expect(all).toHaveLength(order.length);
    const projection = new JourneysProjection({ mode: 'live' });
    await ensureCheckpoint(db.pool, projection.name);
    const pending = new Set(crashes);
    let from = START;
    for (let i = 0, b = 0; i < all.length; b++) {
      const batch: RecordedEvent[] = all.slice(i, i + batches[b % batches.length]);
      const last = batch[batch.length - 1].position;
      const applied = inTransaction(db.pool, async (tx) => {
        await projection.apply(batch, tx);
        // A crash after the writes, before the checkpoint: the runner retries the batch.
        if (pending.delete(b)) throw new Error('simulated crash');
        await saveCheckpoint(tx, projection.name, from, last, batch.length, 0);
      });
      if (await applied.then(() => false).catch(() => true)) continue;
      from = last;
      i += batch.length;
    }
    // Quiet time: the abandonment sweep finishes what the batches left.
    while (await inTransaction(db.pool, (tx) => projection.tick(tx)));
    return { db, store };
  }

  it('given any arrival order, batching and crashed batches, then the read models are the same, and a rebuild reproduces them', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ events, order, batches, crashes }) => {
        const inOrder = await projectLive(events, [events.length], []);
        const shuffled = await projectLive(order, batches, crashes);
        try {
          const expected = await readModelSnapshot(inOrder.db.pool, { withArrival: false });
          expect(expected.instances.length).toBeGreaterThan(0);
          expect(await readModelSnapshot(shuffled.db.pool, { withArrival: false })).toEqual(
            expected,
          );
          const live = await readModelSnapshot(shuffled.db.pool);
          await rebuildProjection(
            shuffled.store,
            shuffled.db.url,
            (mode) => new JourneysProjection({ mode }),
          );
          expect(await readModelSnapshot(shuffled.db.pool)).toEqual(live);
        } finally {
          await Promise.all(
            [inOrder, shuffled].map(async ({ db, store }) => {
              await store.close();
              await db.drop();
            }),
          );
        }
      }),
      // Each run is two databases and a rebuild: a failure's shrinking is cut off after a minute
      // (the smallest case found by then is reported).
      {
        numRuns: Number(process.env.PROPERTY_RUNS ?? 12),
        interruptAfterTimeLimit: 60_000,
        markInterruptAsFailure: true,
      },
    );
  }, 180_000);
});

const metadata = {
  correlationId: 'property',
  causationId: 'property',
  requestId: 'property',
  source: 'property-test',
  apiKeyId: null,
};
