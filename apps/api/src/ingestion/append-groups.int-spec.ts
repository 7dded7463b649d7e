import { randomUUID } from 'node:crypto';
import { StreamChainVerifier } from '@journey/events';
import { EventStore, EventToAppend, StreamAppend } from '@journey/event-store';
import { PostgresEventStore } from '../../../../libs/event-store/src/postgres/postgres-event-store';
import { createStoreTestDatabase, StoreTestDatabase } from '../../../../test/test-database';
import { appendGroups, StreamGroup } from './append-groups';
import { StreamHeadCache } from './stream-heads';
import { StreamLocks } from './stream-locks';

/** One API process's write-side state over a shared store, counting the conflicts it meets. */
function writerProcess(store: EventStore) {
  const counted = { conflicts: 0 };
  const watched: EventStore = Object.create(store);
  watched.appendToStreams = async (appends: readonly StreamAppend[]) => {
    const answers = await store.appendToStreams(appends);
    counted.conflicts += answers.filter((a) => !a.result).length;
    return answers;
  };
  const heads = new StreamHeadCache();
  const locks = new StreamLocks();
  return {
    counted,
    append: (stream: string, events: EventToAppend[]) =>
      appendGroups(watched, heads, [{ stream, events }], locks),
    appendBatch: (groups: StreamGroup[]) => appendGroups(watched, heads, groups, locks),
    locks,
  };
}

const events = (label: string, n: number): EventToAppend[] =>
  Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    type: 'TouchpointRecorded',
    data: { touchpointId: `${label}-${i}` },
    metadata: {},
  }));

describe('appendGroups against the PostgreSQL store', () => {
  let t: StoreTestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    t = await createStoreTestDatabase(20, { pollIntervalMs: 200 });
    store = t.store;
  });
  afterAll(async () => t?.drop());

  const verify = async (stream: string) => {
    const verifier = new StreamChainVerifier();
    const stored = await store.readStream(stream);
    stored.forEach((e) => verifier.push(e));
    return { stored, firstBreak: verifier.firstBreak };
  };

  it('given one process, when 32 appends to one stream run at once, then none conflicts and all are stored in whole groups', async () => {
    const p = writerProcess(store);
    const outcomes = await Promise.all(
      Array.from({ length: 32 }, (_, r) => p.append('customer-one', events(`r${r}`, 10))),
    );
    expect(outcomes.filter(([o]) => o.result?.duplicateIds.length !== 0)).toEqual([]);
    // Racing freely, 32 writers meet hundreds of conflicts; queued in the process, none.
    expect(p.counted.conflicts).toBe(0);
    const { stored, firstBreak } = await verify('customer-one');
    expect(firstBreak).toBeNull();
    expect(stored).toHaveLength(320);
    for (let i = 0; i < 320; i += 10) {
      const labels = stored.slice(i, i + 10).map((e) => String(e.data.touchpointId));
      const r = labels[0].split('-')[0];
      expect(labels).toEqual(Array.from({ length: 10 }, (_, k) => `${r}-${k}`));
    }
  });

  it('given a stream being written, when an append for it and another stream comes, then the other stream does not wait', async () => {
    const heads = new StreamHeadCache();
    const locks = new StreamLocks();
    let release!: () => void;
    const holding = locks.run(['customer-held'], () => new Promise<void>((r) => (release = r)));
    const waiting = appendGroups(
      store,
      heads,
      [{ stream: 'customer-held', events: events('h', 1) }],
      locks,
    );
    const other = await appendGroups(
      store,
      heads,
      [{ stream: 'customer-free', events: events('f', 1) }],
      locks,
    );
    expect(other[0].result).toEqual({ duplicateIds: [] });
    expect(await store.readStream('customer-held')).toHaveLength(0);
    release();
    await holding;
    expect((await waiting)[0].result).toEqual({ duplicateIds: [] });
    expect(await store.readStream('customer-held')).toHaveLength(1);
  });

  it('given two processes with stale heads, when each appends after the other, then each conflict is retried and the hash chain holds', async () => {
    const a = writerProcess(store);
    const b = writerProcess(store);
    await a.append('customer-two', events('a1', 1)); // a's head: revision 0
    await b.append('customer-two', events('b1', 1)); // b guesses a new stream: one conflict
    await a.append('customer-two', events('a2', 1)); // a's head is stale: one conflict
    await b.append('customer-two', events('b2', 1)); // b's head is stale too
    expect([a.counted.conflicts, b.counted.conflicts]).toEqual([1, 2]);
    const { stored, firstBreak } = await verify('customer-two');
    expect(firstBreak).toBeNull();
    expect(stored.map((e) => e.data.touchpointId)).toEqual(['a1-0', 'b1-0', 'a2-0', 'b2-0']);
  });

  it('given four processes racing on one stream, then every group is stored once, whole, on an unbroken chain', async () => {
    const processes = Array.from({ length: 4 }, () => writerProcess(store));
    const outcomes = await Promise.all(
      processes.flatMap((p, n) =>
        Array.from({ length: 5 }, (_, r) => p.append('customer-race', events(`p${n}r${r}`, 8))),
      ),
    );
    expect(outcomes.filter(([o]) => o.error !== undefined)).toEqual([]);
    const { stored, firstBreak } = await verify('customer-race');
    expect(firstBreak).toBeNull();
    expect(stored).toHaveLength(160);
    expect(new Set(stored.map((e) => e.data.touchpointId)).size).toBe(160);
  });

  it('given one process, when batches of many streams that share some streams run at once, then none conflicts and each stream keeps every event once', async () => {
    const p = writerProcess(store);
    // Eight batches of 40 streams out of 60: every pair of batches shares streams, as random
    // customers of concurrent 500-touchpoint requests do.
    const batch = (b: number) =>
      Array.from({ length: 40 }, (_, k) => {
        const stream = `customer-shared-${(b * 7 + k) % 60}`;
        return { stream, events: events(`b${b}k${k}`, 1 + (k % 2)) };
      });
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, b) => p.appendBatch(batch(b))),
    );
    expect(outcomes.flat().filter((o) => o.error !== undefined)).toEqual([]);
    expect(p.counted.conflicts).toBe(0);
    let total = 0;
    for (let s = 0; s < 60; s++) {
      const { stored, firstBreak } = await verify(`customer-shared-${s}`);
      expect(firstBreak).toBeNull();
      total += stored.length;
    }
    expect(total).toBe(8 * 60); // 20 streams of one event and 20 of two per batch
    expect(p.locks.size).toBe(0);
  });

  // With readStreamStates (one round trip for the batch) and without it (a store that reads each
  // stream, as the EventStoreDB adapter does): the same outcome.
  it.each([
    ['with', (s: EventStore) => s],
    [
      'without',
      (s: EventStore) => Object.assign(Object.create(s), { readStreamStates: undefined }),
    ],
  ])(
    'given a stream holding some events of a group, when the group is appended (%s readStreamStates), then only the others are stored, chained on the stream and reported apart',
    async (_, adapt) => {
      const stream = `customer-partial-${randomUUID().slice(0, 8)}`;
      const [e1, e2, e3, e4] = events('partial', 4);
      await writerProcess(store).append(stream, [e1, e2]);
      // First with no head cached, then with the head its own append left: both check the stream.
      const p = writerProcess(adapt(store));
      for (const known of [[e2.id], [e2.id, e3.id]]) {
        const [outcome] = await p.appendBatch([
          { stream, events: [e2, e3] },
          { stream: `${stream}-other`, events: [e4] },
        ]);
        expect(outcome.result?.duplicateIds).toEqual(known);
      }
      const { stored, firstBreak } = await verify(stream);
      expect(firstBreak).toBeNull();
      expect(stored.map((e) => e.id)).toEqual([e1.id, e2.id, e3.id]);
    },
  );

  it('given streams whose heads the process lost, when a batch that must read some streams comes, then the others are read along and none conflicts', async () => {
    const prefix = `customer-lost-${randomUUID().slice(0, 8)}`;
    await writerProcess(store).appendBatch(
      [0, 1, 2].map((k) => ({ stream: `${prefix}-${k}`, events: events(`old${k}`, 1) })),
    );
    const p = writerProcess(store); // a new process: no head cached
    const outcomes = await p.appendBatch([
      { stream: `${prefix}-0`, events: events('new0', 2) },
      { stream: `${prefix}-1`, events: events('new1', 1) },
      { stream: `${prefix}-2`, events: events('new2', 1) },
    ]);
    expect(outcomes.filter((o) => o.error !== undefined)).toEqual([]);
    expect(p.counted.conflicts).toBe(0);
    for (const k of [0, 1, 2]) expect((await verify(`${prefix}-${k}`)).firstBreak).toBeNull();
  });
});
