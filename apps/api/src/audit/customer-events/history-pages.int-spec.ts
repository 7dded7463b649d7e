import { randomUUID } from 'node:crypto';
import { EventStore, formatPosition, RecordedEvent } from '@journey/event-store';
import { createStoreTestDatabase, StoreTestDatabase } from '../../../../../test/test-database';
import { CustomerHistory } from '../customer-history';
import {
  formatHistoryCursor,
  HistoryCursor,
  parseHistoryCursor,
  readHistoryPage,
} from './history-pages';

const event = (n: number) => ({
  id: randomUUID(),
  type: 'TouchpointRecorded',
  data: { n },
  metadata: { schemaVersion: 1 },
});

/** The store, counting the events its readStream returns. */
function counting(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const wrapped = Object.create(store) as EventStore;
  wrapped.readStream = async (stream, options) => {
    const list = await store.readStream(stream, options);
    read += list.length;
    return list;
  };
  return { store: wrapped, read: () => read };
}

async function allPages(
  store: EventStore,
  streams: string[],
  limit: number,
  cursorOf: (page: RecordedEvent[], next: string) => HistoryCursor,
): Promise<RecordedEvent[][]> {
  const pages: RecordedEvent[][] = [];
  let cursor: HistoryCursor | null = null;
  for (;;) {
    const page = await readHistoryPage(store, streams, cursor, limit);
    pages.push(page.events);
    if (!page.next) return pages;
    cursor = cursorOf(page.events, formatHistoryCursor(page.next.revisions));
  }
}

describe('audit history pages read at the store (real PostgreSQL)', () => {
  let t: StoreTestDatabase;
  const streams = ['customer-c1', 'anonymous-v1'];
  beforeAll(async () => {
    t = await createStoreTestDatabase(4);
    // 1,200 events, the two streams interleaved in uneven runs.
    for (let n = 0; n < 1_200; n += 40) {
      await t.store.appendToStream(
        streams[(n / 40) % 3 === 0 ? 1 : 0],
        Array.from({ length: 40 }, (_, i) => event(n + i)),
      );
    }
  });
  afterAll(() => t?.drop());

  it('given a long history, when paged, then every event comes once in global order, and each page reads about its size from the store', async () => {
    const everything = (await Promise.all(streams.map((s) => t.store.readStream(s))))
      .flat()
      .sort((a, b) => Number(a.position.prepare - b.position.prepare))
      .map((e) => e.id);
    const { store, read } = counting(t.store);
    const pages = await allPages(store, streams, 50, (_, next) => parseHistoryCursor(next));
    expect(pages.flat().map((e) => e.id)).toEqual(everything);
    expect(pages).toHaveLength(24);
    // At most limit + 1 per stream per page: 24 pages x 102, against 24 x 1,200 when every page
    // read the whole history.
    expect(read()).toBeLessThanOrEqual(24 * 102);
  });

  it('given a cursor of the first format (a global position), then it pages the same way with a binary search', async () => {
    const byRevisions = await allPages(t.store, streams, 70, (_, next) => parseHistoryCursor(next));
    const { store, read } = counting(t.store);
    const byPosition = await allPages(store, streams, 70, (page) =>
      parseHistoryCursor(formatPosition(page[page.length - 1].position)),
    );
    expect(byPosition.map((p) => p.map((e) => e.id))).toEqual(
      byRevisions.map((p) => p.map((e) => e.id)),
    );
    // Per page and stream: 71 events plus one for the tail and about 11 for the search.
    expect(read()).toBeLessThanOrEqual(byPosition.length * 2 * (71 + 1 + 12));
  });

  it('given an event of one stream committed after a later-positioned event of another was paged past, then the next page still has it', async () => {
    const s = await createStoreTestDatabase(4);
    try {
      const a = await s.db.pool.connect();
      try {
        await s.store.appendToStream('customer-c2', [event(0)]);
        // A write that takes its transaction id first and commits last.
        await a.query('BEGIN');
        await a.query(`SELECT * FROM es_append_one($1, 'any', $2::jsonb)`, [
          'anonymous-v2',
          JSON.stringify([event(1)]),
        ]);
        await s.store.appendToStream('customer-c2', [event(2), event(3)]);
        const both = ['customer-c2', 'anonymous-v2'];
        const first = await readHistoryPage(s.store, both, null, 2);
        expect(first.events.map((e) => e.data.n)).toEqual([0, 2]);
        await a.query('COMMIT');
        const next = await readHistoryPage(
          s.store,
          both,
          parseHistoryCursor(formatHistoryCursor(first.next!.revisions)),
          2,
        );
        expect(next.events.map((e) => e.data.n)).toEqual([1, 3]);
        // A position cursor cannot tell: it skips the late event.
        const last = formatPosition(first.events[1].position);
        const skipping = await readHistoryPage(s.store, both, parseHistoryCursor(last), 2);
        expect(skipping.events.map((e) => e.data.n)).toEqual([3]);
      } finally {
        a.release();
      }
    } finally {
      await s.drop();
    }
  });

  it("finds a customer's streams reading an anonymous stream only up to its first link", async () => {
    const s = await createStoreTestDatabase(4);
    try {
      const link = (customerId: string) => ({
        id: randomUUID(),
        type: 'CustomerIdentified',
        data: { anonymousId: 'v3', customerId, occurredAt: '2026-01-01T00:00:00Z' },
        metadata: { schemaVersion: 1 },
      });
      await s.store.appendToStream('customer-c3', [event(0)]);
      await s.store.appendToStream('anonymous-v3', [event(1), link('c3')]);
      await s.store.appendToStream(
        'anonymous-v3',
        Array.from({ length: 1_500 }, (_, i) => event(i)),
      );
      await s.store.appendToStream('anonymous-v4', [link('someone-else')]);
      const { store, read } = counting(s.store);
      const history = new CustomerHistory(store, s.db.pool);
      expect(await history.streamsOf('c3', ['v3', 'v4'])).toEqual(['customer-c3', 'anonymous-v3']);
      expect(read()).toBeLessThanOrEqual(1 + 500 + 1);
      expect(await history.streamsOf('nobody', [])).toEqual([]);
    } finally {
      await s.drop();
    }
  });
});
