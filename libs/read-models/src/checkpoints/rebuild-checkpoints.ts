import { PoolClient } from 'pg';
import { formatPosition, Position } from '@journey/event-store';

/** The checkpoint statements of a rebuild, which builds in a shadow schema and swaps it in. */
type Queryable = Pick<PoolClient, 'query'>;

/** The shadow schema's own checkpoints table, shaped as the live one. */
export async function createShadowCheckpoints(db: Queryable, shadow: string): Promise<void> {
  await db.query(
    `CREATE TABLE ${shadow}.projection_checkpoints (LIKE public.projection_checkpoints INCLUDING ALL)`,
  );
}

/**
 * A bulk build's checkpoints: every partition's runner carries on from `position`; the processed
 * count is partition 0's. `watermark` is null before any touchpoint.
 */
export async function seedCheckpoints(
  db: Queryable,
  name: string,
  partitions: number,
  at: { position: Position; processed: number; watermark: number },
): Promise<void> {
  await db.query(
    `INSERT INTO projection_checkpoints (name, partition, position, events_processed, watermark)
     SELECT $1, p, $2, CASE WHEN p = 0 THEN $3::bigint ELSE 0 END, $4 FROM generate_series(0, $5 - 1) AS p`,
    [
      name,
      formatPosition(at.position),
      at.processed,
      Number.isFinite(at.watermark) ? new Date(at.watermark) : null,
      partitions,
    ],
  );
}

/** Inside the swap's transaction: the live checkpoints become the shadow's. */
export async function takeOverShadowCheckpoints(
  tx: Queryable,
  shadow: string,
  name: string,
): Promise<void> {
  await tx.query('DELETE FROM public.projection_checkpoints WHERE name = $1', [name]);
  await tx.query(
    `INSERT INTO public.projection_checkpoints (name, partition, position, events_processed, watermark, updated_at)
     SELECT name, partition, position, events_processed, watermark, now()
       FROM ${shadow}.projection_checkpoints WHERE name = $1`,
    [name],
  );
}
