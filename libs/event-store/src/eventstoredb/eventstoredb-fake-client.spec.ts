import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import {
  EventData,
  EventStoreDBClient,
  Filter,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { collect } from '../../test/contract-helpers';
import { describeEventStoreContract } from '../../test/contract';
import { RecordedEvent } from '../event-store.port';
import { partitionOf } from '../partition';
import { comparePositions } from '../position';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

type Pos = { commit: bigint; prepare: bigint };
interface Rec {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  created: Date;
  isJson: true;
  position: Pos;
}

/**
 * In-memory stand-in for @eventstore/db-client with the semantics the adapter relies on: $all
 * reads INCLUDE the record at fromPosition, catch-up subscriptions EXCLUDE it, the events of one
 * append share a commit position that differs from what the append returns, system events are
 * interleaved, a missing stream raises StreamNotFoundError. It runs the adapter's logic here,
 * where no EventStoreDB server can run; it is no substitute for the real contract run.
 */
class FakeClient {
  private readonly log: Rec[] = [];
  private readonly streams = new Map<string, Rec[]>();
  private readonly wakers = new Set<() => void>();
  private readonly subs = new Set<Readable>();
  private next = 100n;
  private appends = 0;

  constructor() {
    this.write('$settings', [{ id: randomUUID(), type: '$settings', data: {} }]);
  }

  async appendToStream(stream: string, events: EventData[], opts: { expectedRevision?: unknown }) {
    await new Promise((r) => setImmediate(r));
    const expected = opts.expectedRevision ?? 'any';
    const current = BigInt(this.streams.get(stream)?.length ?? 0) - 1n;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current < 0n) ||
      (expected === 'stream_exists' && current >= 0n) ||
      expected === current;
    if (!ok) {
      throw new WrongExpectedVersionError(undefined, {
        streamName: stream,
        expected: expected as bigint,
        current: current < 0n ? 'no_stream' : current,
      });
    }
    const commit = this.write(stream, events);
    if (++this.appends % 50 === 0)
      this.write('$stats-127.0.0.1:2113', [{ type: '$statsCollected', data: {} }]);
    return {
      success: true,
      nextExpectedRevision: current + BigInt(events.length),
      position: commit,
    };
  }

  readStream(stream: string, o: { direction?: string; fromRevision?: unknown; maxCount?: number }) {
    const recs = this.streams.get(stream);
    const back = o.direction === 'backwards';
    const from = typeof o.fromRevision === 'bigint' ? Number(o.fromRevision) : undefined;
    return (async function* () {
      if (!recs) throw new StreamNotFoundError(undefined, stream);
      const list = back ? recs.slice(0, (from ?? recs.length - 1) + 1).reverse() : recs.slice(from);
      for (const event of list.slice(0, o.maxCount)) yield { event };
    })();
  }

  readAll(o: { fromPosition?: unknown; maxCount?: number; direction?: string }) {
    const back = o.direction === 'backwards';
    const from = o.fromPosition;
    const start =
      typeof from === 'object' ? this.log.findIndex((r) => cmp(r.position, from as Pos) >= 0) : 0;
    const list = back
      ? [...this.log].reverse()
      : this.log.slice(start < 0 ? this.log.length : start);
    const read = Readable.from(list.slice(0, o.maxCount).map((event) => ({ event })));
    return Object.assign(read, { cancel: async () => undefined });
  }

  subscribeToAll(o: { fromPosition?: unknown; filter?: Filter }) {
    const from = o.fromPosition;
    let i =
      typeof from === 'object' ? this.log.findIndex((r) => cmp(r.position, from as Pos) > 0) : 0;
    if (i < 0) i = this.log.length;
    const f = o.filter as { prefixes?: string[]; regex?: string; filterOn: string };
    const wanted = (r: Rec) =>
      f.prefixes
        ? f.prefixes.some((p) => r.streamId.startsWith(p))
        : new RegExp(f.regex!).test(f.filterOn === 'eventType' ? r.type : r.streamId);
    const pump = () => {
      while (!sub.destroyed && i < this.log.length) {
        const r = this.log[i++];
        if (wanted(r) && !sub.push({ event: { ...r } })) return;
      }
      if (!sub.destroyed) this.wakers.add(pump);
    };
    const sub: Readable = new Readable({ objectMode: true, read: pump });
    this.subs.add(sub);
    sub.on('close', () => this.subs.delete(sub));
    return Object.assign(sub, { unsubscribe: async () => void sub.destroy() });
  }

  /** Simulates a dropped connection: every open subscription fails. */
  dropSubscriptions(): void {
    for (const sub of this.subs) sub.destroy(new UnavailableError(undefined, 'connection reset'));
  }

  async dispose(): Promise<void> {
    for (const sub of this.subs) sub.destroy();
  }

  private write(
    stream: string,
    events: { id?: string; type: string; data: unknown; metadata?: unknown }[],
  ) {
    const recs = this.streams.get(stream) ?? [];
    this.streams.set(stream, recs);
    const first = this.next;
    this.next += BigInt(events.length) * 10n + 10n;
    const commit = this.next - 5n; // the events' shared commit position
    events.forEach((e, n) => {
      const rec: Rec = {
        streamId: stream,
        id: e.id ?? randomUUID(),
        revision: BigInt(recs.length),
        type: e.type,
        data: JSON.parse(JSON.stringify(e.data)),
        metadata: e.metadata === undefined ? undefined : JSON.parse(JSON.stringify(e.metadata)),
        created: new Date(),
        isJson: true,
        position: { commit, prepare: first + BigInt(n) * 10n },
      };
      recs.push(rec);
      this.log.push(rec);
    });
    for (const wake of [...this.wakers]) {
      this.wakers.delete(wake);
      wake();
    }
    return { commit, prepare: commit }; // what EventStoreDB returns: not the last event's position
  }
}

const cmp = (a: Pos, b: Pos) => comparePositions(a, b);
const asClient = (fake: FakeClient) => fake as unknown as EventStoreDBClient;

describeEventStoreContract('eventstoredb adapter on an in-memory fake client', async () => {
  const store = new EventStoreDbEventStore(asClient(new FakeClient()), { pageSize: 500 });
  return { store, teardown: () => store.close() };
});

describe('EventStoreDB adapter on a fake client: dropped connection', () => {
  it('resubscribes from the last delivered position: nothing lost, nothing repeated', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const fake = new FakeClient();
    const store = new EventStoreDbEventStore(asClient(fake), { subscriptionFirstRetryMs: 10 });
    const prefix = `drop-${randomUUID().slice(0, 8)}-`;
    const ev = () => ({ id: randomUUID(), type: 'T', data: {} });
    const first = Array.from({ length: 30 }, ev);
    for (const e of first) await store.appendToStream(`${prefix}${first.indexOf(e) % 3}`, [e]);
    const sub = store.subscribeToAll({ streamPrefix: prefix });
    const it = sub[Symbol.asyncIterator]();
    const take = async (n: number) => {
      const out: RecordedEvent[] = [];
      while (out.length < n) out.push((await it.next()).value as RecordedEvent);
      return out;
    };
    const part1 = await take(20);
    fake.dropSubscriptions(); // the iterator now sees the error, waits, and resubscribes
    const second = Array.from({ length: 30 }, ev);
    for (const e of second) await store.appendToStream(`${prefix}x`, [e]);
    const part2 = await take(40);
    const extra = await collect(sub, 1, 200);
    await sub.close();
    expect(await it.next()).toEqual({ done: true, value: undefined });
    await store.close();
    const ids = [...part1, ...part2, ...extra].map((e) => e.id);
    expect(ids).toEqual([...first, ...second].map((e) => e.id));
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ msg: expect.stringContaining('resubscribing'), retryInMs: 10 }),
    );
    warn.mockRestore();
  });

  it('close() of the store ends its open subscriptions', async () => {
    const store = new EventStoreDbEventStore(asClient(new FakeClient()));
    const it = store.subscribeToAll()[Symbol.asyncIterator]();
    const pending = it.next();
    await store.close();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });
});

describe('EventStoreDB adapter on a fake client: partitions', () => {
  it('given events of many streams, a partitioned read and subscription yield only their partition, in order, also across a dropped connection', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const fake = new FakeClient();
    const subscribed = jest.spyOn(fake, 'subscribeToAll');
    const store = new EventStoreDbEventStore(asClient(fake), {
      pageSize: 5,
      subscriptionFirstRetryMs: 10,
    });
    const prefix = `fake-part-${randomUUID().slice(0, 8)}-`;
    const append = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await store.appendToStream(`${prefix}${i % 12}`, [
          { id: randomUUID(), type: 'T', data: {} },
        ]);
        await store.appendToStream(`other-${i}`, [{ id: randomUUID(), type: 'T', data: {} }]);
      }
    };
    await append(36);
    // The partition of a stream written to: never empty.
    const partition = { count: 4, index: partitionOf(`${prefix}0`, 4) };
    const mine = (events: RecordedEvent[]) =>
      events.filter(
        (e) => e.stream.startsWith(prefix) && partitionOf(e.stream, 4) === partition.index,
      );

    const read = await store.readAll({ streamPrefix: prefix, partition, maxCount: 1000 });
    const everything = await store.readAll({ maxCount: 1000 });
    expect(read.length).toBeGreaterThan(0);
    expect(read.length).toBeLessThan(36);
    expect(read.map((e) => e.id)).toEqual(mine(everything).map((e) => e.id));

    const sub = store.subscribeToAll({ streamPrefix: prefix, partition });
    const part1 = await collect(sub, 3);
    fake.dropSubscriptions();
    await append(36);
    const expected = mine(await store.readAll({ maxCount: 1000 }));
    const part2 = await collect(sub, expected.length - part1.length);
    const extra = await collect(sub, 1, 200);
    await sub.close();
    await store.close();
    expect([...part1, ...part2, ...extra].map((e) => e.id)).toEqual(expected.map((e) => e.id));
    // The server still filters by prefix: only the hash is left to the client.
    expect(subscribed.mock.calls[0][0].filter).toMatchObject({ prefixes: [prefix] });
    warn.mockRestore();
  });
});
