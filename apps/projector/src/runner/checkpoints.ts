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

/** Called inside the batch's transaction: the checkpoint moves only with the batch's writes. */
export async function saveCheckpoint(
  tx: PoolClient,
  name: string,
  position: Position,
  processed: number,
  eventsPerSecond: number,
): Promise<void> {
  await tx.query(
    `INSERT INTO projection_checkpoints (name, position, events_processed, events_per_second, updated_at)
     VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position,
       events_processed = projection_checkpoints.events_processed + $3, events_per_second = $4, updated_at = now()`,
    [name, formatPosition(position), processed, eventsPerSecond],
  );
}
