import { EventStore, RecordedEvent, START } from '@journey/event-store';
import { LAG_EVENTS_CAP, readLag } from './projection-lag';

function storeWith(events: Partial<RecordedEvent>[], seen: unknown[]): EventStore {
  return {
    readAll: async (options) => {
      seen.push(options);
      return events as RecordedEvent[];
    },
  } as EventStore;
}

describe('readLag', () => {
  it("counts the events after the position and the oldest one's age, reading one capped page", async () => {
    const seen: unknown[] = [];
    const now = Date.parse('2026-05-01T10:00:10Z');
    const store = storeWith(
      [
        { recordedAt: new Date('2026-05-01T10:00:04Z') },
        { recordedAt: new Date('2026-05-01T10:00:09Z') },
      ],
      seen,
    );
    const partition = { count: 4, index: 2 };
    const lag = await readLag(store, START, { streamPrefix: ['customer-'], partition }, now);
    expect(lag).toEqual({ events: 2, seconds: 6 });
    expect(seen).toEqual([
      { streamPrefix: ['customer-'], partition, fromPosition: START, maxCount: LAG_EVENTS_CAP },
    ]);
  });

  it('is zero when nothing follows the position', async () => {
    expect(await readLag(storeWith([], []), START, {})).toEqual({ events: 0, seconds: 0 });
  });

  it("past the cap, shares the store's estimate by the partitions; without one, reports the cap", async () => {
    const full = Array.from({ length: LAG_EVENTS_CAP }, () => ({ recordedAt: new Date(0) }));
    const partition = { count: 4, index: 1 };
    const asked: unknown[] = [];
    const estimating = {
      ...storeWith(full, []),
      estimateEventsAfter: async (from: unknown[]) => {
        asked.push(...from);
        return [80_000];
      },
    } as EventStore;
    expect((await readLag(estimating, START, { partition })).events).toBe(20_000);
    expect(asked).toEqual([START]);
    expect((await readLag(storeWith(full, []), START, { partition })).events).toBe(LAG_EVENTS_CAP);
  });
});
