import { DataSource } from 'typeorm';
import {
  anonymousStream,
  customerStream,
  deserialize,
  deterministicEventId,
  JourneyDefined,
  JourneyEvent,
  journeyDefinitionStream,
  serialize,
  TouchpointRecorded,
} from '@journey/events';
import { PostgresEventStore, RecordedEvent, START } from '@journey/event-store';
import { inTransaction } from '@journey/postgres';
import { arrivalKey, HistoryEvent, replayCustomer } from '@journey/domain';
import { createTestDatabase, TestDatabase } from '../../../../test/test-database';
import { readModelSnapshot } from '../../test/read-model-snapshot';
import { rebuildProjection } from '../rebuild/rebuild';
import {
  ensureCheckpoint,
  migrateReadModels,
  readModelDataSourceOptions,
  saveCheckpoint,
} from '@journey/read-models';
import { JourneysProjection } from './journeys.projection';
import { definitionData } from '../../../../test/journey-definition';

const T0 = Date.UTC(2026, 4, 1, 9);
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
const metadata = {
  correlationId: 'rules',
  causationId: 'rules',
  requestId: 'rules',
  source: 'log-rules-test',
  apiKeyId: null,
};

const touchpoint = (id: string, step: string, minute: number, owner: 'c1' | 'a1') => ({
  type: 'TouchpointRecorded' as const,
  data: {
    touchpointId: id,
    customerId: owner === 'c1' ? 'c1' : null,
    anonymousId: owner === 'a1' ? 'a1' : null,
    journey: 'j',
    step,
    stage: null,
    channel: 'web' as const,
    outcome: 'success' as const,
    occurredAt: at(minute),
    journeyInstanceId: null,
    durationMs: null,
    source: null,
    agentId: null,
    attributes: {},
  } satisfies TouchpointRecorded['data'],
});

const definition = (goal: string): JourneyEvent => ({
  type: 'JourneyDefined',
  data: definitionData('j', { goalSteps: [goal] }),
});

/** A log where each rule has something to decide: a second copy, a second link, a redefinition. */
const LOG: [stream: string, event: JourneyEvent][] = [
  [customerStream('c1'), touchpoint('t1', 'start', 0, 'c1')],
  [customerStream('c1'), touchpoint('t1', 'details', 1, 'c1')],
  [anonymousStream('a1'), touchpoint('ta', 'details', 2, 'a1')],
  [
    anonymousStream('a1'),
    {
      type: 'CustomerIdentified',
      data: { anonymousId: 'a1', customerId: 'c1', occurredAt: at(3) },
    },
  ],
  [
    anonymousStream('a1'),
    {
      type: 'CustomerIdentified',
      data: { anonymousId: 'a1', customerId: 'c2', occurredAt: at(4) },
    },
  ],
  [journeyDefinitionStream('j'), definition('done')],
  [journeyDefinitionStream('j'), definition('details')],
  [anonymousStream('a1'), touchpoint('ta', 'done', 5, 'a1')],
];

describe('the log rules on every path (live, rebuild, replay)', () => {
  const opened: { db: TestDatabase; store: PostgresEventStore }[] = [];
  afterAll(async () => {
    for (const { db, store } of opened) {
      await store.close();
      await db.drop();
    }
  });

  /** A fresh store holding LOG, projected live in batches of `size`. */
  async function projectLive(size: number) {
    const db = await createTestDatabase(4);
    const store = new PostgresEventStore(db.pool);
    opened.push({ db, store });
    await store.ensureSchema();
    const ds = new DataSource(readModelDataSourceOptions(db.url, 2));
    await ds.initialize();
    await migrateReadModels(ds);
    await ds.destroy();
    for (const [i, [stream, event]] of LOG.entries())
      await store.appendToStream(stream, [
        serialize(deterministicEventId('e', String(i)), event, metadata),
      ]);
    const all = await store.readAll({ maxCount: LOG.length + 1 });
    const projection = new JourneysProjection({ mode: 'live' });
    await ensureCheckpoint(db.pool, projection.name);
    let from = START;
    for (let i = 0; i < all.length; i += size) {
      const batch: RecordedEvent[] = all.slice(i, i + size);
      const last = batch[batch.length - 1].position;
      await inTransaction(db.pool, async (tx) => {
        await projection.apply(batch, tx);
        await saveCheckpoint(tx, projection.name, 0, from, last, batch.length, 0);
      });
      from = last;
    }
    return { db, store, all };
  }

  it('given a second copy, a second link and a redefinition, when projected live in any batching, rebuilt and replayed, then each path keeps the first copy, the first link and the highest version', async () => {
    const oneByOne = await projectLive(1);
    const together = await projectLive(LOG.length);
    // Two stores: the same events at other positions, so arrival is left out here.
    expect(await readModelSnapshot(together.db.pool, { withArrival: false })).toEqual(
      await readModelSnapshot(oneByOne.db.pool, { withArrival: false }),
    );
    const live = await readModelSnapshot(oneByOne.db.pool);

    // First copy: t1 stays 'start', ta stays 'details'. First link: a1 belongs to c1, not c2.
    // Highest version: 'details' is the goal, so the instance completed there.
    expect(live.facts.map((f) => [f.touchpoint_id, f.customer_id, f.step])).toEqual([
      ['ta', 'c1', 'details'],
      ['t1', 'c1', 'start'],
    ]);
    expect(live.links).toEqual([{ anonymous_id: 'a1', customer_id: 'c1' }]);
    expect(live.definitions).toEqual([{ journey: 'j', version: 2 }]);
    const steps = (s: { step: string; touchpointId: string }[]) =>
      s.map((x) => x.touchpointId + ':' + x.step);
    expect(live.instances.map((i) => [i.customer_id, i.status, steps(i.steps)])).toEqual([
      ['c1', 'completed', ['t1:start', 'ta:details']],
    ]);

    await rebuildProjection(
      oneByOne.store,
      oneByOne.db.url,
      (mode) => new JourneysProjection({ mode }),
    );
    expect(await readModelSnapshot(oneByOne.db.pool)).toEqual(live);

    const history: HistoryEvent[] = oneByOne.all.map((r) => ({
      stream: r.stream,
      event: deserialize(r)!.event,
      arrival: arrivalKey(r.position.commit, r.position.prepare),
      recordedAt: r.recordedAt.getTime(),
    }));
    const definitions = oneByOne.all
      .filter((r) => r.stream === journeyDefinitionStream('j'))
      .map((r) => ({
        data: deserialize(r)!.event.data as JourneyDefined['data'],
        revision: Number(r.revision),
        recordedAt: r.recordedAt.getTime(),
      }));
    const replayed = replayCustomer(
      'c1',
      history,
      new Map([['j', definitions]]),
      { kind: 'now' },
      T0,
    );
    expect(replayed.instances.map((i) => [i.customerId, i.status, steps([...i.steps])])).toEqual([
      ['c1', 'completed', ['t1:start', 'ta:details']],
    ]);
    expect(
      replayCustomer('c2', history, new Map([['j', definitions]]), { kind: 'now' }, T0).instances,
    ).toEqual([]);
  });
});
