import { PoolClient } from 'pg';
import { formatPosition, parsePosition, Position, START } from '@journey/event-store';

export interface Checkpoint {
  readonly position: Position;
  readonly eventsProcessed: number;
}

export async function loadCheckpoint(
  tx: Pick<PoolClient, 'query'>,
  name: string,
  partition = 0,
): Promise<Checkpoint> {
  const { rows } = await tx.query<{ position: string; events_processed: string }>(
    'SELECT position, events_processed FROM projection_checkpoints WHERE name = $1 AND partition = $2',
    [name, partition],
  );
  if (rows.length === 0) return { position: START, eventsProcessed: 0 };
  return {
    position: parsePosition(rows[0].position),
    eventsProcessed: Number(rows[0].events_processed),
  };
}

/**
 * The checkpoint row exists before any batch: saveCheckpoint locks it, and two runners starting
 * together would otherwise both find no row to lock and both apply their first batch.
 */
export async function ensureCheckpoint(
  pool: Pick<PoolClient, 'query'>,
  name: string,
  partition = 0,
): Promise<void> {
  await pool.query(
    `INSERT INTO projection_checkpoints (name, partition, position) VALUES ($1, $2, $3)
     ON CONFLICT (name, partition) DO NOTHING`,
    [name, partition, formatPosition(START)],
  );
}

/** Another runner (or a rebuild's swap) moved the checkpoint: this runner's view is stale. */
export class CheckpointMovedError extends Error {
  constructor(name: string, partition: number) {
    super(
      `Checkpoint of projection "${name}" partition ${partition} moved under this runner; resuming from the stored one`,
    );
    this.name = 'CheckpointMovedError';
  }
}

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

/**
 * Called inside the batch's transaction: the checkpoint moves only with the batch's writes, and only
 * from where this runner read it (two runners, or a rebuild's swap, cannot both apply a batch).
 */
export async function saveCheckpoint(
  tx: PoolClient,
  name: string,
  partition: number,
  from: Position,
  to: Position,
  processed: number,
  eventsPerSecond: number,
): Promise<void> {
  const { rows } = await tx.query<{ position: string }>(
    'SELECT position FROM projection_checkpoints WHERE name = $1 AND partition = $2 FOR UPDATE',
    [name, partition],
  );
  const stored = rows[0] ? rows[0].position : formatPosition(START);
  if (stored !== formatPosition(from)) throw new CheckpointMovedError(name, partition);
  await tx.query(
    `INSERT INTO projection_checkpoints (name, partition, position, events_processed, events_per_second, updated_at)
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (name, partition) DO UPDATE SET position = EXCLUDED.position,
       events_processed = projection_checkpoints.events_processed + $4, events_per_second = $5, updated_at = now()`,
    [name, partition, formatPosition(to), processed, eventsPerSecond],
  );
}
