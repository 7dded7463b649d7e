import { createHash } from 'node:crypto';
import type { StreamPartition } from './event-store.port';

/** Most partitions a read may ask for (the PostgreSQL store builds one index per count). */
export const MAX_PARTITIONS = 1024;

/**
 * The partition of a stream among `count`: the first 4 bytes of md5(streamId) as a big-endian
 * uint32 with the top bit cleared (PostgreSQL's int is signed), modulo count. Stable across
 * processes and versions: projections keep their partitions' rows by it. The PostgreSQL store
 * computes the same hash in SQL (`partition_hash`, schema.ts); partition.spec.ts pins both.
 */
export function partitionOf(streamId: string, count: number): number {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`Partition count must be a positive integer, got ${count}`);
  }
  const hash = createHash('md5').update(streamId, 'utf8').digest().readUInt32BE(0) & 0x7fffffff;
  return hash % count;
}

/** Whether a stream belongs to the partition; every stream does without one or with count 1. */
export function inPartition(streamId: string, partition: StreamPartition | undefined): boolean {
  if (!partition || partition.count === 1) return true;
  return partitionOf(streamId, partition.count) === partition.index;
}
