import { customerStream, deterministicEventId } from '@journey/events';
import { liveProjections, Stored } from '../../test/live-projections';
import { touchpointData } from '../../test/touchpoint-data';
import { readModelSnapshot } from '../../test/read-model-snapshot';

const T0 = Date.UTC(2026, 4, 1, 9);
const DAY = 86_400_000;

const touchpoint = (customer: string, id: string, step: string, at: number): Stored => ({
  stream: customerStream(customer),
  id: deterministicEventId('abandon-in-place', `${customer}-${id}`),
  event: {
    type: 'TouchpointRecorded',
    data: touchpointData({
      touchpointId: id,
      customerId: customer,
      step,
      channel: step === 'call' ? 'phone' : 'web',
      occurredAt: new Date(at).toISOString(),
    }),
  },
});

/**
 * c1's journey goes quiet; c2's touchpoints 40 days later move the watermark past c1's
 * abandonAfter (the default, 30 days). The batch that sweeps c1 holds its state, so c1 is
 * abandoned in place (status, end edge, abandonment friction) without a recomputation. Run once
 * with a held-state bound of one pair, c1's history is no longer held when it is swept: it is
 * abandoned from its instance rows, to the same read models.
 */
const LOG: Stored[] = [
  touchpoint('c1', 't1', 'start', T0),
  touchpoint('c1', 't2', 'details', T0 + 60_000),
  touchpoint('c1', 't3', 'call', T0 + 120_000),
  touchpoint('c2', 'u1', 'start', T0 + 40 * DAY),
  touchpoint('c2', 'u2', 'details', T0 + 40 * DAY + 60_000),
];

describe('the live journeys projection when the watermark makes a held pair overdue', () => {
  const live = liveProjections();

  it('given a held pair gone quiet, when later touchpoints of another customer make it overdue, then it is abandoned in place and the read models equal one batch of everything', async () => {
    const together = await live.project(LOG, { batches: [LOG.length] });
    const oneByOne = await live.project(LOG, { batches: [1] });
    // Nothing recomputed: each pair's first touchpoint extends an empty history (none stored),
    // the later ones and c1's sweep extend what is held.
    expect(oneByOne.paths).toEqual({ extended: 6, recomputed: 0, handedOff: 0 });
    const expected = await readModelSnapshot(together.db.pool, { withArrival: false });
    expect(expected.instances.map((i) => [i.customer_id, i.status])).toEqual([
      ['c1', 'abandoned'],
      ['c2', 'active'],
    ]);
    expect(expected.frictions.filter((f) => f.type === 'abandonment')).toHaveLength(1);
    expect(await readModelSnapshot(oneByOne.db.pool, { withArrival: false })).toEqual(expected);

    const evicted = await live.project(LOG, { batches: [1], maxHeldPairs: 1 });
    // Room for one pair: c2's arrival evicts c1's history, so c1 is swept from its instance rows
    // (sweep-unheld.ts), still without a recomputation.
    expect(evicted.paths).toEqual({ extended: 6, recomputed: 0, handedOff: 0 });
    expect(await readModelSnapshot(evicted.db.pool, { withArrival: false })).toEqual(expected);
  });
});
