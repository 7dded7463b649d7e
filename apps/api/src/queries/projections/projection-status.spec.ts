import { overall, PartitionLag, partitionView, STALLED_AFTER_MS } from './projection-status';
import { CheckpointRow } from '@journey/read-models';
import { LeaseRow } from './projections.sql';

const NOW = Date.parse('2026-06-30T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms);

function checkpoint(partition: number, over: Partial<CheckpointRow> = {}): CheckpointRow {
  return {
    name: 'journeys',
    partition,
    position: `${partition + 10}/1`,
    events_processed: '100',
    events_per_second: 50,
    updated_at: ago(1000),
    ...over,
  };
}

function lease(partition: number, owner: string): LeaseRow {
  return {
    projection: 'journeys',
    partition,
    owner,
    generation: '3',
    expires_at: new Date(NOW + 5000),
    held: true,
  };
}

const none: PartitionLag = { events: 0, capped: false, estimated: false, oldestRecordedAt: null };
const behind = (events: number, ms: number, capped = false): PartitionLag => ({
  events,
  capped,
  estimated: false,
  oldestRecordedAt: ago(ms),
});

describe('partitionView', () => {
  it('given nothing behind, then it is caught up, with its checkpoint, counts and lease', () => {
    expect(partitionView(2, checkpoint(2), none, lease(2, 'h:1:a'), NOW)).toEqual({
      index: 2,
      checkpoint: '12/1',
      eventsProcessed: 100,
      lagEvents: 0,
      lagEventsCapped: false,
      lagEventsEstimated: false,
      lagMs: 0,
      eventsPerSecond: 50,
      updatedAt: ago(1000).toISOString(),
      status: 'caught-up',
      lease: {
        owner: 'h:1:a',
        generation: 3,
        expiresAt: new Date(NOW + 5000).toISOString(),
        held: true,
      },
    });
  });

  it('given events behind and a recent commit, then it is catching up, its lag the oldest event', () => {
    const view = partitionView(0, checkpoint(0), behind(7, 4000), undefined, NOW);
    expect(view).toMatchObject({ status: 'catching-up', lagEvents: 7, lagMs: 4000, lease: null });
  });

  it('given events behind and no commit for a long while, then it is stalled and its rate is stale', () => {
    const row = checkpoint(0, { updated_at: ago(STALLED_AFTER_MS + 1) });
    expect(partitionView(0, row, behind(1, 10), undefined, NOW)).toMatchObject({
      status: 'stalled',
      eventsPerSecond: 0,
    });
  });

  it('given events behind and a lapsed lease (its projector paused or gone), then it is stalled at once', () => {
    const lapsed = { ...lease(0, 'h:1:a'), expires_at: ago(1), held: false };
    const recent = checkpoint(0, { updated_at: ago(2000) });
    expect(partitionView(0, recent, behind(1, 10), lapsed, NOW).status).toBe('stalled');
    // Nothing behind: a stopped projector with nothing to do is not stalled.
    expect(partitionView(0, recent, none, lapsed, NOW).status).toBe('caught-up');
    // Its lease held and a commit 2 s ago: catching up.
    expect(partitionView(0, recent, behind(1, 10), lease(0, 'h:1:a'), NOW).status).toBe(
      'catching-up',
    );
  });

  it('given no checkpoint row yet, then it is listed with a null checkpoint (stalled if behind)', () => {
    expect(partitionView(5, undefined, none, undefined, NOW)).toMatchObject({
      index: 5,
      checkpoint: null,
      eventsProcessed: 0,
      updatedAt: null,
      status: 'caught-up',
    });
    expect(partitionView(5, undefined, behind(1, 10), undefined, NOW).status).toBe('stalled');
  });
});

describe('overall', () => {
  const parts = [
    partitionView(0, checkpoint(0), none, lease(0, 'h:1:a'), NOW),
    partitionView(
      1,
      checkpoint(1, { updated_at: ago(10) }),
      behind(5, 2000),
      lease(1, 'h:2:b'),
      NOW,
    ),
    partitionView(
      2,
      checkpoint(2, { updated_at: ago(9000) }),
      behind(3, 9000, true),
      undefined,
      NOW,
    ),
    partitionView(3, undefined, none, undefined, NOW),
  ];

  it('sums counts and fresh rates, takes the largest lag in time, and says whether a count is capped', () => {
    expect(overall(parts)).toMatchObject({
      eventsProcessed: 300,
      lagEvents: 8,
      lagEventsCapped: true,
      lagMs: 9000,
      // Partition 2 last committed 9 s ago: its rate no longer counts.
      eventsPerSecond: 100,
      updatedAt: ago(10).toISOString(),
    });
  });

  it('reports partition 0 for the checkpoint and the lease', () => {
    expect(overall(parts)).toMatchObject({ checkpoint: '10/1', lease: { owner: 'h:1:a' } });
  });

  it('is as healthy as its worst partition', () => {
    expect(overall(parts).status).toBe('catching-up');
    expect(overall([parts[0], parts[3]]).status).toBe('caught-up');
    const stalled = partitionView(4, undefined, behind(1, 1), undefined, NOW);
    expect(overall([parts[1], stalled, parts[0]]).status).toBe('stalled');
  });
});
