import { randomUUID } from 'node:crypto';
import {
  EventStore,
  InvalidAppendError,
  RecordedEvent,
  StreamPartition,
  comparePositions,
  partitionOf,
} from '../src';
import { collect } from './contract-helpers';

const ev = (round: number) => ({ id: randomUUID(), type: 'P', data: { round } });
const ids = (events: readonly RecordedEvent[]) => events.map((e) => e.id);
const ALL = 100_000;

/** Partitioned reads (`partition`): part of the contract every adapter passes. */
export function describePartitionContract(getStore: () => EventStore): void {
  describe('reading a partition of the global order', () => {
    let prefix: string;
    let all: RecordedEvent[];
    const share = (index: number) => all.filter((e) => partitionOf(e.stream, 3) === index);

    beforeAll(async () => {
      const store = getStore();
      prefix = `part-${randomUUID().slice(0, 8)}-`;
      const streams = Array.from({ length: 40 }, (_, i) => `${prefix}${i}`);
      // Interleaved: every round touches the streams in another order, alone or several at once.
      for (let round = 0; round < 5; round++) {
        const order = [...streams].sort(() => Math.random() - 0.5);
        await store.appendToStreams(
          order.slice(0, 20).map((stream) => ({ stream, events: [ev(round), ev(round)] })),
        );
        for (const stream of order.slice(20)) await store.appendToStream(stream, [ev(round)]);
      }
      all = await store.readAll({ streamPrefix: prefix, maxCount: ALL });
    });

    it('gives each partition exactly the events of its streams, in global order; together they are the whole', async () => {
      const store = getStore();
      expect(all).toHaveLength(5 * (20 * 2 + 20));
      const parts: RecordedEvent[][] = [];
      for (const index of [0, 1, 2]) {
        const part = await store.readAll({
          streamPrefix: prefix,
          partition: { count: 3, index },
          maxCount: ALL,
        });
        expect(share(index).length).toBeGreaterThan(0);
        expect(ids(part)).toEqual(ids(share(index)));
        parts.push(part);
      }
      const merged = parts.flat().sort((a, b) => comparePositions(a.position, b.position));
      expect(ids(merged)).toEqual(ids(all));
    });

    it('pages a partition from a position (exclusive) with a limit', async () => {
      const store = getStore();
      const partition: StreamPartition = { count: 3, index: 1 };
      const paged: RecordedEvent[] = [];
      for (;;) {
        const page = await store.readAll({
          streamPrefix: prefix,
          partition,
          maxCount: 7,
          fromPosition: paged[paged.length - 1]?.position,
        });
        paged.push(...page);
        if (page.length < 7) break;
      }
      expect(ids(paged)).toEqual(ids(share(1)));
    });

    it('with a single partition, reads everything', async () => {
      const one = await getStore().readAll({
        streamPrefix: prefix,
        partition: { count: 1, index: 0 },
        maxCount: ALL,
      });
      expect(ids(one)).toEqual(ids(all));
    });

    it("subscribes to a partition: its events in global order, nothing of another's", async () => {
      for (const index of [0, 1, 2]) {
        const sub = getStore().subscribeToAll({
          streamPrefix: prefix,
          partition: { count: 3, index },
        });
        const got = await collect(sub, share(index).length);
        const extra = await collect(sub, 1, 300);
        await sub.close();
        expect(ids(got)).toEqual(ids(share(index)));
        expect(extra).toEqual([]);
      }
    });

    it('refuses invalid partitions, in reads and subscriptions', async () => {
      const store = getStore();
      const invalid = [
        { count: 0, index: 0 },
        { count: 1025, index: 0 },
        { count: 2.5, index: 0 },
        { count: NaN, index: 0 },
        { count: 3, index: 3 },
        { count: 3, index: -1 },
        { count: 3, index: 1.5 },
        null,
      ] as StreamPartition[];
      for (const partition of invalid) {
        await expect(store.readAll({ streamPrefix: prefix, partition })).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
        expect(() => store.subscribeToAll({ streamPrefix: prefix, partition })).toThrow(
          InvalidAppendError,
        );
      }
    });

    it('accepts the largest count', async () => {
      const index = partitionOf(all[0].stream, 1024);
      const part = await getStore().readAll({
        streamPrefix: prefix,
        partition: { count: 1024, index },
        maxCount: ALL,
      });
      expect(ids(part)).toEqual(ids(all.filter((e) => partitionOf(e.stream, 1024) === index)));
    });
  });
}
