import { PoolClient } from 'pg';

/**
 * Orders a rebuild's swap against the projection's batches. Every batch (and tick) first takes this
 * lock shared; the swap takes it exclusively before locking the tables. Without it, a swap's LOCK
 * TABLE (one table after another) deadlocked with partitions' batches that had touched the tables
 * in another order (measured: 16 partitions under load). Now the swap waits for the running
 * batches, and new ones wait for the swap, before anyone holds a table.
 */
export async function enterBatch(tx: Pick<PoolClient, 'query'>, projection: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [fenceKey(projection)]);
}

/** In the swap's transaction, before its table locks. */
export async function fenceBatches(
  tx: Pick<PoolClient, 'query'>,
  projection: string,
): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [fenceKey(projection)]);
}

const fenceKey = (projection: string) => `projection-swap:${projection}`;
