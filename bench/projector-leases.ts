import { Pool } from 'pg';
import { recordedPartitions } from '@journey/read-models';
import { partitionCount } from './journeys-progress';

/**
 * The journeys partitions each process holds a live lease on, in the order of `pids` (a lease's
 * owner is host:pid:nonce). Leases of other owners, released or expired, are not counted.
 */
export async function partitionsHeld(pool: Pool, pids: readonly number[]): Promise<number[][]> {
  const { rows } = await pool.query<{ partition: number; owner: string }>(
    `SELECT partition, owner FROM projection_leases
      WHERE projection = 'journeys' AND owner IS NOT NULL AND expires_at > clock_timestamp()
      ORDER BY partition`,
  );
  return pids.map((pid) =>
    rows.filter((r) => r.owner.includes(`:${pid}:`)).map((r) => r.partition),
  );
}

/**
 * Waits until the processes have divided the journeys partitions: the count recorded, every
 * partition leased by one of them, none holding more than ceil(P / processes). A process joining
 * takes a few rounds of a third of the lease time (releases, claims) to get its share; a timed
 * measurement started before would credit the first process with the others' work.
 */
export async function waitBalanced(
  pool: Pool,
  pids: readonly number[],
  timeoutMs: number,
): Promise<{ partitions: number; held: number[][]; balanced: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const recorded = await recordedPartitions(pool, 'journeys');
    const partitions = await partitionCount(pool);
    const held = await partitionsHeld(pool, pids);
    const share = Math.ceil(partitions / pids.length);
    const leased = held.reduce((n, h) => n + h.length, 0);
    const balanced =
      recorded !== null && leased === partitions && held.every((h) => h.length <= share);
    if (balanced || Date.now() > deadline) return { partitions, held, balanced };
    await new Promise((r) => setTimeout(r, 100));
  }
}
