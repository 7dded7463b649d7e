import { EventStore, parsePosition } from '@journey/event-store';
import { PartitionLag } from './projection-status';

/** Events counted behind a projection, over all its partitions (the rest is "more than"). */
export const LAG_COUNT_LIMIT = 10_000;
/** Partition reads at once: up to 1024 of them, without taking the whole pool. */
export const LAG_READ_CONCURRENCY = 8;

/**
 * A projection's checkpoint rows by partition, for its current partition count: rows of
 * partitions beyond it (left by an earlier, larger count) are no part of it.
 */
export function currentCheckpoints<R extends { name: string; partition: number }>(
  rows: readonly R[],
  name: string,
  count: number,
): Map<number, R> {
  return new Map(
    rows.filter((r) => r.name === name && r.partition < count).map((r) => [r.partition, r]),
  );
}

export interface LagRequest {
  readonly streamPrefix: readonly string[];
  readonly partitions: number;
  /** Each partition's checkpoint position, by index (missing: from the start). */
  readonly positions: ReadonlyMap<number, string>;
  /** Events counted over all partitions before estimating (default LAG_COUNT_LIMIT). */
  readonly limit?: number;
}

/**
 * What the store holds after each partition's checkpoint, in partition order: one read per
 * partition, of its share only (none filtered when there is one). The count limit is shared out,
 * so a status request reads about as many events split 1024 ways as in one, and each partition's
 * oldest event (its lag in time) is exact. Past its share, a partition's count is estimated from
 * positions where the store can (PostgreSQL), else reported as capped: a lower bound.
 */
export async function readPartitionLags(
  store: EventStore,
  req: LagRequest,
): Promise<PartitionLag[]> {
  const maxCount = Math.ceil((req.limit ?? LAG_COUNT_LIMIT) / req.partitions);
  const indexes = Array.from({ length: req.partitions }, (_, i) => i);
  const from = (index: number) => {
    const position = req.positions.get(index);
    return position === undefined ? undefined : parsePosition(position);
  };
  const lags = await mapLimited(indexes, LAG_READ_CONCURRENCY, async (index) => {
    const behind = await store.readAll({
      fromPosition: from(index),
      maxCount,
      streamPrefix: req.streamPrefix,
      ...(req.partitions > 1 ? { partition: { count: req.partitions, index } } : {}),
    });
    return {
      events: behind.length,
      capped: behind.length === maxCount,
      estimated: false,
      oldestRecordedAt: behind[0]?.recordedAt ?? null,
    };
  });
  const capped = indexes.filter((i) => lags[i].capped);
  if (capped.length === 0 || !store.estimateEventsAfter) return lags;
  // The store's events after the checkpoint, shared evenly by the partitions (hashes spread them).
  const estimates = await store.estimateEventsAfter(capped.map(from));
  capped.forEach((index, k) => {
    const share = Math.round(estimates[k] / req.partitions);
    lags[index] = {
      ...lags[index],
      events: Math.max(lags[index].events, share),
      capped: false,
      estimated: true,
    };
  });
  return lags;
}

/** `f` over the items, at most `limit` at a time; results in input order. Stops at a failure. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  f: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await f(items[i]);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
