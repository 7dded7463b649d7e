import { Pool } from 'pg';
import { Position, RecordedEvent } from '@journey/event-store';
import { inTransaction } from '@journey/postgres';
import { assertPartitioning, saveCheckpoint } from '@journey/read-models';
import { assertLease, Lease } from './leases';
import { Projection } from './projection';
import { enterBatch } from './swap-fence';

type Partition = { readonly count: number; readonly index: number };

/**
 * One batch in one transaction: the projection's writes, then the fences (the lease is still
 * this runner's, the partition count is still its own), then the checkpoint, which only moves
 * from where the runner read it. `rate` gives the events/s to record, measured after the writes.
 */
export function commitBatch(
  pool: Pool,
  projection: Projection,
  partition: Partition,
  { from, batch, lease }: { from: Position; batch: RecordedEvent[]; lease: Lease | null },
  rate: () => number,
): Promise<void> {
  return inTransaction(pool, async (tx) => {
    await enterBatch(tx, projection.name);
    await projection.apply(batch, tx);
    const eventsPerSecond = rate();
    if (lease) await assertLease(tx, lease);
    await assertPartitioning(tx, projection.name, partition.count);
    const last = batch[batch.length - 1].position;
    await saveCheckpoint(
      tx,
      projection.name,
      partition.index,
      from,
      last,
      batch.length,
      eventsPerSecond,
    );
  });
}

/** The projection's idle work in its own transaction, fenced like a batch; true: more is left. */
export function tickInTransaction(
  pool: Pool,
  projection: Projection,
  partition: Partition,
  lease: Lease | null,
): Promise<boolean> {
  return inTransaction(pool, async (tx) => {
    await enterBatch(tx, projection.name);
    const more = await projection.tick!(tx);
    if (lease) await assertLease(tx, lease);
    await assertPartitioning(tx, projection.name, partition.count);
    return more;
  });
}

export const TIMEOUT = Symbol('timeout');

/** `p`, or TIMEOUT after `ms` (0: only if `p` has not settled yet). */
export function raceTimeout<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  if (ms <= 0) return Promise.race([p, Promise.resolve(TIMEOUT)]);
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<typeof TIMEOUT>((r) => (timer = setTimeout(() => r(TIMEOUT), ms))),
  ]).finally(() => clearTimeout(timer));
}
