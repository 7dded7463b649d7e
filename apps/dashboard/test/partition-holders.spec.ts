import type { PartitionStatus } from '../src/api/types';
import { holdersSummary } from '../src/live/partition-holders';

const partition = (index: number, owner: string | null, held = true): PartitionStatus => ({
  index,
  checkpoint: null,
  eventsProcessed: 0,
  lagEvents: 0,
  lagEventsCapped: false,
  lagEventsEstimated: false,
  lagMs: 0,
  eventsPerSecond: 0,
  updatedAt: null,
  status: 'caught-up',
  lease: owner === null ? null : { owner, generation: 1, expiresAt: '', held },
});

describe('holdersSummary', () => {
  it('counts the partitions of each process (host:pid), most first', () => {
    const parts = [
      partition(0, 'b:2:n1'),
      partition(1, 'a:1:n2'),
      partition(2, 'a:1:n2'),
      partition(3, 'c:3:n3'),
    ];
    expect(holdersSummary(parts)).toBe(
      '3 processes hold 4 of 4 partitions (2 on a:1, 1 on b:2, 1 on c:3)',
    );
  });

  it('says how many partitions wait for a process: never leased, or leased by one that stopped', () => {
    const parts = [partition(0, 'a:1:n'), partition(1, null), partition(2, 'b:2:n', false)];
    expect(holdersSummary(parts)).toBe(
      '1 process holds 1 of 3 partitions (1 on a:1); 2 waiting for a process',
    );
  });

  it('says so when no process holds any', () => {
    expect(holdersSummary([partition(0, null), partition(1, 'a:1:n', false)])).toBe(
      'No process holds any of the 2 partitions',
    );
  });
});
