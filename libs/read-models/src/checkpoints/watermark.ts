import { PoolClient } from 'pg';

type Queryable = Pick<PoolClient, 'query'>;

/**
 * A projection's event-time watermark (epoch ms): the latest occurredAt any partition projected,
 * null before the first. Each partition raises its own checkpoint row's (no partition waits for
 * another's lock); the projection's is their maximum. The projector measures abandonment against
 * it, the API's replays too.
 */
export async function readWatermark(db: Queryable, projection: string): Promise<number | null> {
  const { rows } = await db.query<{ ms: number | null }>(
    `SELECT (extract(epoch FROM max(watermark)) * 1000)::float8 AS ms FROM projection_checkpoints WHERE name = $1`,
    [projection],
  );
  return rows[0]?.ms ?? null;
}

/**
 * Raises the partition's watermark to `candidate` (if higher). Returns the partition's own: what a
 * batch abandons by. The projection's (the maximum) would let a partition that lags in event time
 * abandon its open instances just before their next steps arrive, to recompute each of them then
 * (measured on 16 partitions under load: hundreds of pairs). Idle ticks sweep by the projection's,
 * so every partition ends at the same statuses as one partition would.
 */
export async function advanceWatermark(
  tx: Queryable,
  projection: string,
  partition: number,
  candidate: number,
): Promise<number> {
  // The row is written only when the candidate raises it; the answer is read from the
  // statement's snapshot (before the raise) and the candidate, in the same round trip.
  const { rows } = await tx.query<{ ms: number | null }>(
    `WITH raised AS (
       INSERT INTO projection_checkpoints AS c (name, partition, position, watermark)
       VALUES ($1, $2, '0/0', to_timestamp($3::float8 / 1000.0))
       ON CONFLICT (name, partition) DO UPDATE SET watermark = EXCLUDED.watermark
        WHERE c.watermark IS NULL OR c.watermark < EXCLUDED.watermark
     )
     SELECT (extract(epoch FROM greatest(
              (SELECT watermark FROM projection_checkpoints WHERE name = $1 AND partition = $2),
              to_timestamp($3::float8 / 1000.0))) * 1000)::float8 AS ms`,
    [projection, partition, Number.isFinite(candidate) ? candidate : null],
  );
  return rows[0].ms ?? -Infinity;
}
