import { PoolClient } from 'pg';

/** A rebuild changed the projection's partition count: runners of the old count must stop. */
export class PartitioningChangedError extends Error {
  constructor(name: string, stored: number, mine: number) {
    super(
      `Projection "${name}" is now built with ${stored} partitions, not ${mine}; this runner stops committing`,
    );
    this.name = 'PartitioningChangedError';
  }
}

/**
 * Inside a batch's transaction, after its writes: the read models are still partitioned as this
 * runner's projection is. A rebuild's swap that changes the count locks the tables the batch wrote,
 * so it either committed before this check (which then fails) or waits for the batch's commit
 * (whose tables it then retires). No row means no count was recorded (a runner alone, in tests).
 */
export async function assertPartitioning(
  tx: Pick<PoolClient, 'query'>,
  name: string,
  count: number,
): Promise<void> {
  const { rows } = await tx.query<{ partitions: number }>(
    'SELECT partitions FROM projection_partitioning WHERE name = $1',
    [name],
  );
  if (rows[0] && rows[0].partitions !== count)
    throw new PartitioningChangedError(name, rows[0].partitions, count);
}
