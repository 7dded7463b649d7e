import { EventStore, parsePosition, ReadAllOptions, RecordedEvent } from '@journey/event-store';
import { LAG_COUNT_LIMIT, mapLimited, readPartitionLags } from './partition-lag';

const tick = () => new Promise((r) => setImmediate(r));

function event(recordedAt: Date): RecordedEvent {
  return {
    stream: 'customer-c',
    revision: 0n,
    position: parsePosition('1/1'),
    id: 'e',
    type: 't',
    data: {},
    metadata: {},
    recordedAt,
  };
}

/** A store whose partition `index` holds `index` events (the oldest recorded at `index` s). */
function fakeStore() {
  const reads: ReadAllOptions[] = [];
  let inFlight = 0;
  let most = 0;
  const store = {
    async readAll(options: ReadAllOptions = {}) {
      reads.push(options);
      most = Math.max(most, ++inFlight);
      await tick();
      inFlight--;
      const n = Math.min(options.partition?.index ?? 3, options.maxCount ?? Infinity);
      return Array.from({ length: n }, () => event(new Date(n * 1000)));
    },
  };
  return { store: store as unknown as EventStore, reads, most: () => most };
}

describe('readPartitionLags', () => {
  it('given one partition, then it reads the store unfiltered from the checkpoint, with the whole limit', async () => {
    const { store, reads } = fakeStore();
    const lags = await readPartitionLags(store, {
      streamPrefix: ['customer-'],
      partitions: 1,
      positions: new Map([[0, '5/2']]),
    });
    expect(reads).toEqual([
      {
        fromPosition: parsePosition('5/2'),
        maxCount: LAG_COUNT_LIMIT,
        streamPrefix: ['customer-'],
      },
    ]);
    expect(lags).toEqual([
      { events: 3, capped: false, estimated: false, oldestRecordedAt: new Date(3000) },
    ]);
  });

  it('given partitions, then it reads each one share once, in partition order, from its own checkpoint', async () => {
    const { store, reads } = fakeStore();
    const lags = await readPartitionLags(store, {
      streamPrefix: ['customer-'],
      partitions: 4,
      positions: new Map([
        [0, '9/1'],
        [2, '7/3'],
      ]),
    });
    const byIndex = [...reads].sort((a, b) => a.partition!.index - b.partition!.index);
    expect(byIndex).toEqual(
      [parsePosition('9/1'), undefined, parsePosition('7/3'), undefined].map((from, index) => ({
        fromPosition: from,
        maxCount: LAG_COUNT_LIMIT / 4,
        streamPrefix: ['customer-'],
        partition: { count: 4, index },
      })),
    );
    expect(lags.map((l) => l.events)).toEqual([0, 1, 2, 3]);
    expect(lags[0]).toEqual({ events: 0, capped: false, estimated: false, oldestRecordedAt: null });
  });

  it('given a partition with more than its share of the limit behind, then it says the count is capped', async () => {
    const { store } = fakeStore();
    const lags = await readPartitionLags(store, {
      streamPrefix: ['customer-'],
      partitions: 1024,
      positions: new Map(),
    });
    const share = Math.ceil(LAG_COUNT_LIMIT / 1024);
    expect(lags[share - 1]).toMatchObject({ events: share - 1, capped: false });
    expect(lags[share]).toMatchObject({ events: share, capped: true });
    expect(lags[1023]).toMatchObject({ events: share, capped: true });
  });

  it('given a store that estimates, then a capped partition reports the estimate of its share instead', async () => {
    const { store } = fakeStore();
    const asked: unknown[] = [];
    const estimating = Object.assign(store, {
      estimateEventsAfter: async (from: unknown[]) => {
        asked.push(...from);
        return from.map(() => 4_000_000);
      },
    });
    const lags = await readPartitionLags(estimating, {
      streamPrefix: ['customer-'],
      partitions: 1024,
      positions: new Map([[1023, '8/8']]),
    });
    const share = Math.ceil(LAG_COUNT_LIMIT / 1024);
    // Only the capped ones are estimated: 4,000,000 events shared by 1024 partitions.
    expect(asked).toHaveLength(1024 - share);
    expect(asked[asked.length - 1]).toEqual(parsePosition('8/8'));
    expect(lags[share - 1]).toMatchObject({ events: share - 1, capped: false, estimated: false });
    expect(lags[1023]).toMatchObject({ events: 3906, capped: false, estimated: true });
  });

  it('given many partitions, then it reads at most 8 at once', async () => {
    const { store, reads, most } = fakeStore();
    await readPartitionLags(store, { streamPrefix: [], partitions: 20, positions: new Map() });
    expect(reads).toHaveLength(20);
    expect(most()).toBe(8);
  });
});

describe('mapLimited', () => {
  it('keeps the input order whatever order the calls finish in', async () => {
    const out = await mapLimited([3, 1, 2], 2, async (n) => {
      for (let i = 0; i < n; i++) await tick();
      return n * 10;
    });
    expect(out).toEqual([30, 10, 20]);
  });

  it('given a failing call, then it rejects with it and starts no more calls', async () => {
    const started: number[] = [];
    const run = mapLimited([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 0) throw new Error('store down');
      return n;
    });
    await expect(run).rejects.toThrow('store down');
    expect(started).toEqual([0, 1]);
  });
});
