import { PoolClient } from 'pg';
import { formatPosition, parsePosition, Position, START } from '@journey/event-store';

/**
 * projection_checkpoints: where each projection's partition stands in the log. Every statement on
 * the table lives in this folder; the runner, the rebuild and the API's status all call these.
 */
type Queryable = Pick<PoolClient, 'query'>;

export interface Checkpoint {
  readonly position: Position;
  readonly eventsProcessed: number;
}

/** One partition's checkpoint (partition 0 alone when the projection is not split). */
export interface CheckpointRow {
  name: string;
  partition: number;
  position: string;
  events_processed: string;
  events_per_second: number;
  updated_at: Date;
}

export async function loadCheckpoint(
  db: Queryable,
  name: string,
  partition = 0,
): Promise<Checkpoint> {
  const { rows } = await db.query<{ position: string; events_processed: string }>(
    'SELECT position, events_processed FROM projection_checkpoints WHERE name = $1 AND partition = $2',
    [name, partition],
  );
  if (rows.length === 0) return { position: START, eventsProcessed: 0 };
  return {
    position: parsePosition(rows[0].position),
    eventsProcessed: Number(rows[0].events_processed),
  };
}

/** Every projection's checkpoints, by name then partition (GET /v1/projections). */
export async function listCheckpoints(db: Queryable): Promise<CheckpointRow[]> {
  const { rows } = await db.query<CheckpointRow>(
    `SELECT name, partition, position, events_processed, events_per_second, updated_at
       FROM projection_checkpoints ORDER BY name, partition`,
  );
  return rows;
}

/** The events a projection's partitions have applied, together. */
export async function eventsProcessed(db: Queryable, name: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT sum(events_processed) AS n FROM projection_checkpoints WHERE name = $1',
    [name],
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * The checkpoint row exists before any batch: saveCheckpoint locks it, and two runners starting
 * together would otherwise both find no row to lock and both apply their first batch.
 */
export async function ensureCheckpoint(db: Queryable, name: string, partition = 0): Promise<void> {
  await db.query(
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
