import { randomUUID } from 'node:crypto';
import {
  EventStore,
  EventToAppend,
  InvalidAppendError,
  RecordedEvent,
  StreamHead,
  WrongExpectedVersionError,
  comparePositions,
  formatPosition,
  parsePosition,
} from '../src';
import { collect, runConcurrentWriters } from './contract-helpers';
import { describeMultiStreamContract } from './contract-multi';
import { describePartitionContract } from './contract-partitions';
import { describeStreamStatesContract } from './contract-states';

export interface ContractFixture {
  readonly store: EventStore;
  teardown(): Promise<void>;
}

const ev = (type = 'Tested', data: Record<string, unknown> = {}): EventToAppend => ({
  id: randomUUID(),
  type,
  data: data as EventToAppend['data'],
  metadata: { correlationId: randomUUID() },
});
const unique = (name: string) => `${name}${randomUUID().slice(0, 8)}-`;

/** The behaviour every adapter of the port must have. Streams are unique per test run. */
export function describeEventStoreContract(
  adapter: string,
  createFixture: () => Promise<ContractFixture>,
): void {
  describe(`EventStore contract: ${adapter}`, () => {
    let fixture: ContractFixture;
    let store: EventStore;
    beforeAll(async () => {
      fixture = await createFixture();
      store = fixture.store;
    });
    afterAll(async () => fixture?.teardown());

    describe('append and read a stream', () => {
      it('stores events in order with their data, metadata and ids', async () => {
        const stream = unique('customer-') + 'a';
        const events = [ev('A', { n: 1, nested: { ok: true } }), ev('B', { n: 2 })];
        const result = await store.appendToStream(stream, events, {
          expectedRevision: 'no_stream',
        });
        expect(result.nextRevision).toBe(1n);
        expect(result.duplicateIds).toEqual([]);
        const read = await store.readStream(stream);
        expect(read.map((e) => [e.revision, e.type, e.id, e.data])).toEqual([
          [0n, 'A', events[0].id, { n: 1, nested: { ok: true } }],
          [1n, 'B', events[1].id, { n: 2 }],
        ]);
        expect(read[1].metadata).toMatchObject(events[1].metadata!);
        expect(read[0].stream).toBe(stream);
        expect(read[0].recordedAt).toBeInstanceOf(Date);
        expect(comparePositions(read[1].position, result.position)).toBe(0);
        expect(comparePositions(read[0].position, read[1].position)).toBe(-1);
      });

      it('returns an empty list for a missing stream', async () => {
        await expect(store.readStream(unique('missing-'))).resolves.toEqual([]);
      });

      it('reads from a revision, a limited count, and backwards', async () => {
        const stream = unique('customer-');
        await store.appendToStream(stream, [ev('0'), ev('1'), ev('2'), ev('3'), ev('4')]);
        const types = (es: RecordedEvent[]) => es.map((e) => e.type);
        expect(types(await store.readStream(stream, { fromRevision: 2n }))).toEqual([
          '2',
          '3',
          '4',
        ]);
        expect(types(await store.readStream(stream, { fromRevision: 1n, maxCount: 2 }))).toEqual([
          '1',
          '2',
        ]);
        expect(types(await store.readStream(stream, { backwards: true, maxCount: 2 }))).toEqual([
          '4',
          '3',
        ]);
        expect(
          types(await store.readStream(stream, { backwards: true, fromRevision: 1n })),
        ).toEqual(['1', '0']);
      });
    });

    describe('stream heads (optional)', () => {
      it('gives the last event of each stream with a prefix, by name, a page at a time', async () => {
        if (!store.readStreamHeads) {
          process.stdout.write(
            `${adapter}: readStreamHeads not offered, heads are read by scanning\n`,
          );
          return;
        }
        const prefix = unique('heads-');
        const names = ['c', 'a', 'b'].map((n) => prefix + n);
        for (const [i, name] of names.entries())
          await store.appendToStream(
            name,
            Array.from({ length: i + 1 }, (_, k) => ({ ...ev(), metadata: { n: k } })),
          );
        await store.appendToStream(unique('other-'), [ev()]);
        const heads = (hs: StreamHead[]) => hs.map((h) => [h.stream, h.revision, h.metadata.n]);
        const first = await store.readStreamHeads({ streamPrefix: [prefix], maxCount: 2 });
        expect(heads(first)).toEqual([
          [prefix + 'a', 1n, 1],
          [prefix + 'b', 2n, 2],
        ]);
        const rest = await store.readStreamHeads({
          streamPrefix: [prefix],
          afterStream: prefix + 'b',
          maxCount: 2,
        });
        expect(heads(rest)).toEqual([[prefix + 'c', 0n, 0]]);
      });
    });

    describe('expected revision', () => {
      const conflict = async (p: Promise<unknown>) => {
        const err = await p.then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(WrongExpectedVersionError);
        expect((err as WrongExpectedVersionError).code).toBe('CONCURRENCY_CONFLICT');
        return err as WrongExpectedVersionError;
      };

      it('no_stream: succeeds once, then conflicts with the actual revision', async () => {
        const stream = unique('customer-');
        await store.appendToStream(stream, [ev(), ev()], { expectedRevision: 'no_stream' });
        const err = await conflict(
          store.appendToStream(stream, [ev()], { expectedRevision: 'no_stream' }),
        );
        expect(err.actual).toBe(1n);
      });

      it('stream_exists: conflicts on a missing stream, succeeds on an existing one', async () => {
        const stream = unique('customer-');
        const err = await conflict(
          store.appendToStream(stream, [ev()], { expectedRevision: 'stream_exists' }),
        );
        expect(err.actual).toBe('no_stream');
        await store.appendToStream(stream, [ev()]);
        const r = await store.appendToStream(stream, [ev()], { expectedRevision: 'stream_exists' });
        expect(r.nextRevision).toBe(1n);
      });

      it('exact revision: succeeds when it matches, conflicts when it does not', async () => {
        const stream = unique('customer-');
        await conflict(store.appendToStream(stream, [ev()], { expectedRevision: 0n }));
        await store.appendToStream(stream, [ev()], { expectedRevision: 'no_stream' });
        const ok = await store.appendToStream(stream, [ev(), ev()], { expectedRevision: 0n });
        expect(ok.nextRevision).toBe(2n);
        const stale = await conflict(
          store.appendToStream(stream, [ev()], { expectedRevision: 0n }),
        );
        expect(stale.actual).toBe(2n);
        const ahead = await conflict(
          store.appendToStream(stream, [ev()], { expectedRevision: 7n }),
        );
        expect(ahead.actual).toBe(2n);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('any: always appends', async () => {
        const stream = unique('customer-');
        await store.appendToStream(stream, [ev()], { expectedRevision: 'any' });
        const r = await store.appendToStream(stream, [ev()], { expectedRevision: 'any' });
        expect(r.nextRevision).toBe(1n);
      });
    });

    describe('idempotent append by event id', () => {
      it('a retried append is a no-op that reports the original', async () => {
        const stream = unique('customer-');
        const batch = [ev('A'), ev('B')];
        const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, [ev('C')]);
        const retry = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        expect(retry.nextRevision).toBe(first.nextRevision);
        expect(comparePositions(retry.position, first.position)).toBe(0);
        expect([...retry.duplicateIds].sort()).toEqual(batch.map((e) => e.id).sort());
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('a batch mixing recorded and new ids stores only the new ones', async () => {
        const stream = unique('customer-');
        const a = ev('A');
        await store.appendToStream(stream, [a]);
        const b = ev('B');
        const r = await store.appendToStream(stream, [a, b], { expectedRevision: 0n });
        expect(r.duplicateIds).toEqual([a.id]);
        expect(r.nextRevision).toBe(1n);
        expect((await store.readStream(stream)).map((e) => e.id)).toEqual([a.id, b.id]);
      });

      it('rejects malformed appends', async () => {
        const stream = unique('customer-');
        await expect(store.appendToStream(stream, [])).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(
          store.appendToStream(stream, [{ ...ev(), id: 'nope' }]),
        ).rejects.toBeInstanceOf(InvalidAppendError);
        const e = ev();
        await expect(store.appendToStream(stream, [e, e])).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    describe('16 concurrent appenders to one stream', () => {
      it('each revision is won exactly once; losers get CONCURRENCY_CONFLICT', async () => {
        const stream = unique('customer-');
        // Round 1: all expect an empty stream at once: one wins.
        const first = await Promise.allSettled(
          Array.from({ length: 16 }, () =>
            store.appendToStream(stream, [ev()], { expectedRevision: 'no_stream' }),
          ),
        );
        expect(first.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const losers = first.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(losers).toHaveLength(15);
        for (const l of losers) {
          expect(l.reason).toBeInstanceOf(WrongExpectedVersionError);
          expect((l.reason as WrongExpectedVersionError).actual).toBe(0n);
        }
        // Then 16 writers race for 10 revisions each, retrying on conflict.
        let conflicts = 0;
        const written = await Promise.all(
          Array.from({ length: 16 }, async (_, w) => {
            const mine: string[] = [];
            while (mine.length < 10) {
              const last = await store.readStream(stream, { backwards: true, maxCount: 1 });
              const e = ev('W', { writer: w });
              try {
                await store.appendToStream(stream, [e], { expectedRevision: last[0].revision });
                mine.push(e.id);
              } catch (err) {
                if (!(err instanceof WrongExpectedVersionError)) throw err;
                conflicts++;
              }
            }
            return mine;
          }),
        );
        const events = await store.readStream(stream);
        expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
        expect(events).toHaveLength(161);
        expect(new Set(events.map((e) => e.id)).size).toBe(161);
        expect(
          events
            .slice(1)
            .map((e) => e.id)
            .sort(),
        ).toEqual(written.flat().sort());
        expect(conflicts).toBeGreaterThan(0);
      });
    });

    describeMultiStreamContract(() => store);
    describePartitionContract(() => store);
    describeStreamStatesContract(adapter, () => store);

    describe('reading all and subscribing', () => {
      it('readAll pages from a position (exclusive) and filters by stream prefix', async () => {
        const prefix = unique('readall-');
        const other = unique('other-');
        await store.appendToStream(prefix + '1', [ev('a'), ev('b')]);
        await store.appendToStream(other + '1', [ev('x')]);
        await store.appendToStream(prefix + '2', [ev('c')]);
        const all = await store.readAll({ streamPrefix: prefix, maxCount: 100000 });
        expect(all.map((e) => e.type)).toEqual(['a', 'b', 'c']);
        const rest = await store.readAll({
          streamPrefix: [prefix, other],
          fromPosition: all[0].position,
        });
        expect(rest.map((e) => e.type)).toEqual(['b', 'x', 'c']);
        const one = await store.readAll({
          streamPrefix: prefix,
          fromPosition: all[0].position,
          maxCount: 1,
        });
        expect(one.map((e) => e.type)).toEqual(['b']);
        expect(parsePosition(formatPosition(all[2].position))).toEqual(all[2].position);
      });

      it('8 writers x 2,000 events: a subscriber gets each exactly once, in stream order, and resumes from a checkpoint', async () => {
        const prefix = unique('sub-');
        const first = store.subscribeToAll({ streamPrefix: prefix });
        const firstPart = collect(first, 4000);
        const writing = runConcurrentWriters(store, {
          prefix,
          writers: 8,
          eventsPerWriter: 2000,
          streams: 40,
        });
        const part1 = await firstPart;
        await first.close();
        const checkpoint = formatPosition(part1[part1.length - 1].position);
        const appended = await writing;

        const second = store.subscribeToAll({
          streamPrefix: prefix,
          fromPosition: parsePosition(checkpoint),
        });
        const part2 = await collect(second, appended.length - part1.length);
        // Nothing more arrives after the last expected event.
        const extra = await collect(second, 1, 300);
        await second.close();
        expect(extra).toEqual([]);

        const delivered = [...part1, ...part2];
        expect(delivered).toHaveLength(16000);
        expect(new Set(delivered.map((e) => e.id)).size).toBe(16000);
        expect(new Set(delivered.map((e) => e.id))).toEqual(new Set(appended));
        for (let i = 1; i < delivered.length; i++) {
          expect(comparePositions(delivered[i - 1].position, delivered[i].position)).toBe(-1);
        }
        const next = new Map<string, bigint>();
        for (const e of delivered) {
          expect(e.revision).toBe(next.get(e.stream) ?? 0n);
          next.set(e.stream, e.revision + 1n);
        }
      });
    });
  });
}
