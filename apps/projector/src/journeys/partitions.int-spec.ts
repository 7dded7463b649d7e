import { partitionOf } from '@journey/event-store';
import {
  anonymousStream,
  customerStream,
  deterministicEventId,
  journeyDefinitionStream,
} from '@journey/events';
import { liveProjections, Stored } from '../../test/live-projections';
import { touchpointData } from '../../test/touchpoint-data';
import { readModelSnapshot } from '../../test/read-model-snapshot';
import { definitionData } from '../../../../test/journey-definition';

const T0 = Date.UTC(2026, 4, 1, 9);
const MIN = 60_000;
const id = (key: string) => deterministicEventId('partitions', key);

const anonymous = (tp: string, step: string, at: number): Stored => ({
  stream: anonymousStream('a1'),
  id: id(tp),
  event: {
    type: 'TouchpointRecorded',
    data: touchpointData({ touchpointId: tp, anonymousId: 'a1', step, occurredAt: iso(at) }),
  },
});
const customer = (tp: string, step: string, at: number): Stored => ({
  stream: customerStream('c1'),
  id: id(tp),
  event: {
    type: 'TouchpointRecorded',
    data: touchpointData({ touchpointId: tp, customerId: 'c1', step, occurredAt: iso(at) }),
  },
});
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * With four partitions the three streams land in different ones: a1's touchpoints and its link
 * in one, c1's in another (which also reads the definition). The link moves a1's facts to c1,
 * and a1's touchpoint after the link is c1's: the anonymous partition hands those pairs over.
 */
const LOG: Stored[] = [
  anonymous('t1', 'start', T0),
  anonymous('t2', 'details', T0 + MIN),
  customer('t3', 'check', T0 + 2 * MIN),
  {
    stream: anonymousStream('a1'),
    id: id('link'),
    event: {
      type: 'CustomerIdentified',
      data: { anonymousId: 'a1', customerId: 'c1', occurredAt: iso(T0 + 3 * MIN) },
    },
  },
  anonymous('t4', 'offer', T0 + 4 * MIN),
  {
    stream: journeyDefinitionStream('j'),
    id: id('definition'),
    event: {
      type: 'JourneyDefined',
      data: definitionData('j', {
        stages: [{ name: 'apply', steps: ['start', 'details', 'check', 'offer', 'sign'] }],
        goalSteps: ['sign'],
      }),
    },
  },
  customer('t5', 'sign', T0 + 5 * MIN),
];

describe('the journeys projection in partitions (issue 15)', () => {
  const live = liveProjections();

  it('given a linked anonymous id and its customer in different partitions, and the definition read by one of them, then in either order of progress the read models equal one partition', async () => {
    const owners = [anonymousStream('a1'), customerStream('c1'), journeyDefinitionStream('j')];
    const [anon, cust, def] = owners.map((s) => partitionOf(s, 4));
    // The case this test is about (the hash is pinned: partition.spec.ts).
    expect(anon).not.toBe(cust);
    expect(def).not.toBe(anon);

    const one = await live.project(LOG, { batches: [LOG.length], maxHeldPairs: 0 });
    const expected = await readModelSnapshot(one.db.pool, { withArrival: false });
    expect(expected.instances.map((i) => [i.customer_id, i.status, i.steps.length])).toEqual([
      ['c1', 'completed', 5],
    ]);
    for (const turns of [
      [anon, anon, anon, anon, cust, cust, cust],
      [cust, cust, cust, anon, anon, anon, anon],
      [anon, cust, anon, cust, anon, cust, anon],
    ]) {
      const split = await live.project(LOG, { batches: [1], partitions: 4, turns });
      expect(split.paths.handedOff).toBeGreaterThan(0);
      expect(await readModelSnapshot(split.db.pool, { withArrival: false })).toEqual(expected);
      // Each instance row names the partition that owns its pair; nothing is left to hand over.
      const { rows } = await split.db.pool.query(
        'SELECT customer_id, partition FROM rm_journey_instances',
      );
      expect(rows).toEqual([{ customer_id: 'c1', partition: cust }]);
      const handoffs = await split.db.pool.query('SELECT 1 FROM rm_pair_handoffs');
      expect(handoffs.rowCount).toBe(0);
    }
  });

  it("given a partition far ahead in event time, when a lagging partition applies its customer's next step, then it extends the open instance (no abandon-and-recompute) and the end equals one partition", async () => {
    const DAY = 86_400_000;
    const names = Array.from({ length: 20 }, (_, k) => `w${k}`);
    const lagging = names[0];
    const ahead = names.find(
      (c) => partitionOf(customerStream(c), 2) !== partitionOf(customerStream(lagging), 2),
    )!;
    // Another customer of the lagging partition: its batch sweeps by that partition's watermark.
    const other = names.find(
      (c) =>
        c !== lagging &&
        partitionOf(customerStream(c), 2) === partitionOf(customerStream(lagging), 2),
    )!;
    const step = (c: string, tp: string, name: string, at: number): Stored => ({
      stream: customerStream(c),
      id: id(tp),
      event: {
        type: 'TouchpointRecorded',
        data: touchpointData({ touchpointId: tp, customerId: c, step: name, occurredAt: iso(at) }),
      },
    });
    const log = [
      step(lagging, 'l1', 'start', T0),
      step(ahead, 'a1', 'start', T0),
      step(ahead, 'a2', 'details', T0 + 90 * DAY),
      step(other, 'o1', 'start', T0 + MIN / 2),
      step(lagging, 'l2', 'details', T0 + MIN),
    ];
    const [slow, fast] = [lagging, ahead].map((c) => partitionOf(customerStream(c), 2));
    const one = await live.project(log, { batches: [log.length], maxHeldPairs: 0 });
    const expected = await readModelSnapshot(one.db.pool, { withArrival: false });
    // At the end both are overdue by the projection's watermark (90 days on).
    expect(expected.instances.map((i) => [i.customer_id, i.status])).toEqual(
      expect.arrayContaining([[lagging, 'abandoned']]),
    );
    const split = await live.project(log, {
      batches: [1],
      partitions: 2,
      turns: [slow, fast, fast, slow, slow],
    });
    expect(split.paths).toMatchObject({ recomputed: 0 });
    expect(await readModelSnapshot(split.db.pool, { withArrival: false })).toEqual(expected);
  });
});
