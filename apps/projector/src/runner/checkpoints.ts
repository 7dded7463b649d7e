import { PoolClient } from 'pg';
import { formatPosition, parsePosition, Position, START } from '@journey/event-store';

export interface Checkpoint {
  readonly position: Position;
  readonly eventsProcessed: number;
}

export async function loadCheckpoint(
  tx: Pick<PoolClient, 'query'>,
  name: string,
): Promise<Checkpoint> {
  const { rows } = await tx.query<{ position: string; events_processed: string }>(
    'SELECT position, events_processed FROM projection_checkpoints WHERE name = $1',
    [name],
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
): Promise<void> {
  await pool.query(
    `INSERT INTO projection_checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
    [name, formatPosition(START)],
  );
}

/** Another runner (or a rebuild's swap) moved the checkpoint: this runner's view is stale. */
export class CheckpointMovedError extends Error {
  constructor(name: string) {
    super(
      `Checkpoint of projection "${name}" moved under this runner; resuming from the stored one`,
    );
    this.name = 'CheckpointMovedError';
  }
}

/**
 * Called inside the batch's transaction: the checkpoint moves only with the batch's writes, and only
 * from where this runner read it (two runners, or a rebuild's swap, cannot both apply a batch).
 */
export async function saveCheckpoint(
  tx: PoolClient,
  name: string,
  from: Position,
  to: Position,
  processed: number,
  eventsPerSecond: number,
): Promise<void> {
  const { rows } = await tx.query<{ position: string }>(
    'SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
    [name],
  );
  const stored = rows[0] ? rows[0].position : formatPosition(START);
  if (stored !== formatPosition(from)) throw new CheckpointMovedError(name);
  await tx.query(
    `INSERT INTO projection_checkpoints (name, position, events_processed, events_per_second, updated_at)
     VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position,
       events_processed = projection_checkpoints.events_processed + $3, events_per_second = $4, updated_at = now()`,
    [name, formatPosition(to), processed, eventsPerSecond],
  );
}
