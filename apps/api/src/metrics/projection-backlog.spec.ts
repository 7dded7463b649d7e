import { EventStore, parsePosition, ReadAllOptions, RecordedEvent } from '@journey/event-store';
import { registry } from '@journey/metrics';
import {
  Backlog,
  BACKLOG_COUNT_LIMIT,
  readBacklogs,
  summarizeBacklog,
  trackBacklog,
} from './projection-backlog';

async function values(name: string): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric(name)!.get();
  return Object.fromEntries(metric.values.map((v) => [String(v.labels.projection), v.value]));
}

const lag = (events: number, oldest: string | null) => ({
  events,
  capped: false,
  estimated: false,
  oldestRecordedAt: oldest === null ? null : new Date(oldest),
});

describe('projection backlog (the API’s lag gauges)', () => {
  it('given partitions behind, then it adds their events and takes the oldest event’s age', () => {
    const now = Date.parse('2026-05-01T10:00:30Z');
    const lags = [lag(2, '2026-05-01T10:00:20Z'), lag(0, null), lag(5, '2026-05-01T10:00:00Z')];
    expect(summarizeBacklog('journeys', lags, now)).toEqual({
      projection: 'journeys',
      events: 7,
      seconds: 30,
    });
    expect(summarizeBacklog('journeys', [lag(0, null)], now)).toMatchObject({ seconds: 0 });
  });

  it('given checkpoints, then it reads each partition from its own, with the small count limit', async () => {
    const reads: ReadAllOptions[] = [];
    const recordedAt = new Date('2026-05-01T10:00:00Z');
    const store = {
      readAll: async (options: ReadAllOptions) => {
        reads.push(options);
        const n = options.partition?.index ?? 0;
        return Array.from({ length: n }, () => ({ recordedAt }) as RecordedEvent);
      },
    } as unknown as EventStore;
    const db = {
      query: async (sql: string) => ({
        rows: sql.includes('projection_partitioning')
          ? [{ name: 'journeys', partitions: 2 }]
          : [
              { name: 'journeys', partition: 1, position: '7/3' },
              // Left by an earlier, larger count: no part of it.
              { name: 'journeys', partition: 5, position: '9/9' },
            ],
      }),
    } as unknown as Parameters<typeof readBacklogs>[0];
    const now = new Date(recordedAt.getTime() + 90_000);
    const backlogs = await readBacklogs(db, store, { now: () => now });
    // The oldest unprojected event's age, by the injected clock.
    expect(backlogs).toEqual([{ projection: 'journeys', events: 1, seconds: 90 }]);
    expect(reads.map((r) => [r.partition?.index, r.fromPosition, r.maxCount])).toEqual([
      [0, undefined, BACKLOG_COUNT_LIMIT / 2],
      [1, parsePosition('7/3'), BACKLOG_COUNT_LIMIT / 2],
    ]);
  });

  it('shows every tracked source until untracked, and no series while a source fails', async () => {
    let backlogs: Backlog[] = [{ projection: 'journeys', events: 12, seconds: 4.5 }];
    let failing = false;
    const untrack = trackBacklog(async () => {
      if (failing) throw new Error('database away');
      return backlogs;
    });
    expect(await values('journey_projection_checkpoint_lag_events')).toEqual({ journeys: 12 });
    expect(await values('journey_projection_checkpoint_lag_seconds')).toEqual({ journeys: 4.5 });
    // A scrape's sample is reused for a second; tracking anew starts a fresh one.
    backlogs = [{ projection: 'journeys', events: 0, seconds: 0 }];
    failing = true;
    const untrackNone = trackBacklog(async () => []);
    expect(await values('journey_projection_checkpoint_lag_events')).toEqual({});
    untrackNone();
    failing = false;
    expect(await values('journey_projection_checkpoint_lag_events')).toEqual({ journeys: 0 });
    untrack();
    expect(await values('journey_projection_checkpoint_lag_events')).toEqual({});
  });
});
