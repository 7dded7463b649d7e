import {
  anonymousStream,
  customerStream,
  deterministicEventId,
  JourneyEvent,
} from '@journey/events';
import { liveProjections, Stored } from '../../test/live-projections';
import { touchpointData } from '../../test/touchpoint-data';
import { readModelSnapshot } from '../../test/read-model-snapshot';

const T0 = Date.UTC(2026, 4, 1, 9);

const touchpoint = (id: string, step: string, minute: number, owner: 'c1' | 'a1'): Stored => ({
  stream: owner === 'c1' ? customerStream('c1') : anonymousStream('a1'),
  id: deterministicEventId('fallback', `${owner}-${id}-${minute}`),
  event: {
    type: 'TouchpointRecorded',
    data: touchpointData({
      touchpointId: id,
      customerId: owner === 'c1' ? 'c1' : null,
      anonymousId: owner === 'a1' ? 'a1' : null,
      step,
      occurredAt: new Date(T0 + minute * 60_000).toISOString(),
    }),
  },
});

const link: Stored = {
  stream: anonymousStream('a1'),
  id: deterministicEventId('fallback', 'link'),
  event: {
    type: 'CustomerIdentified',
    data: { anonymousId: 'a1', customerId: 'c1', occurredAt: new Date(T0).toISOString() },
  } satisfies JourneyEvent,
};

/**
 * A pair the fast path holds, then a fact that makes its history unextendable (a touchpoint id
 * it already has, from another stream: tailOf gives up). The recomputation must drop the held
 * state, or the next in-order touchpoint extends the history as it was before.
 */
const LOG: Stored[] = [
  touchpoint('t1', 'start', 0, 'c1'),
  touchpoint('t2', 'details', 1, 'c1'),
  link,
  touchpoint('t2', 'check', 2, 'a1'),
  touchpoint('t3', 'check', 3, 'c1'),
  touchpoint('t4', 'help', 4, 'c1'),
];

describe('the live journeys projection when a pair can no longer be extended', () => {
  const live = liveProjections();

  it('given a held pair that gains a second fact with one of its touchpoint ids, when later touchpoints arrive one by one, then the read models equal one batch of everything', async () => {
    const together = await live.project(LOG, { batches: [LOG.length] });
    const oneByOne = await live.project(LOG, { batches: [1] });
    expect(oneByOne.paths.extended).toBeGreaterThan(0);
    expect(await readModelSnapshot(oneByOne.db.pool, { withArrival: false })).toEqual(
      await readModelSnapshot(together.db.pool, { withArrival: false }),
    );
  });
});
