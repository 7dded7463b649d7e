import { PoolClient } from 'pg';
import { rulesFromDefinition } from '@journey/domain';
import { Affected } from './journey-facts';
import { AppliedDefinitions } from './definitions';

/**
 * The event-time watermark: the latest occurredAt projected by any partition. Abandonment is
 * measured against it (not the wall clock), so a rebuild reaches the same statuses. Each partition
 * raises its own checkpoint row's (no partition waits for another's lock); the watermark is their
 * maximum.
 */
export async function readWatermark(tx: PoolClient, projection: string): Promise<number> {
  const { rows } = await tx.query<{ ms: number | null }>(
    `SELECT (extract(epoch FROM max(watermark)) * 1000)::float8 AS ms FROM projection_checkpoints WHERE name = $1`,
    [projection],
  );
  return rows[0]?.ms ?? -Infinity;
}

/**
 * Raises the partition's watermark to `candidate` (if higher). Returns the partition's own: what a
 * batch abandons by. The projection's (the maximum) would let a partition that lags in event time
 * abandon its open instances just before their next steps arrive, to recompute each of them then
 * (measured on 16 partitions under load: hundreds of pairs). Idle ticks sweep by the projection's,
 * so every partition ends at the same statuses as one partition would.
 */
export async function advanceWatermark(
  tx: PoolClient,
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

/** The most overdue (customer, journey) pairs an idle tick recomputes in one transaction. */
export const SWEEP_LIMIT = 2000;
/** What an idle tick may take: an event that arrives meanwhile waits for it. */
export const TICK_BUDGET_MS = 100;

/**
 * How many overdue pairs the next idle tick takes, from how long the last full one took. A fixed
 * 2,000 took 11 s on long journeys (47 steps, frictions re-detected), and the events that came
 * in meanwhile waited all of it; a fixed small number would sweep short journeys needlessly slowly.
 */
export class SweepSize {
  private size = 25;

  get value(): number {
    return this.size;
  }

  /** A tick of `swept` pairs took `ms`; only a full tick says the size could grow. */
  took(ms: number, swept: number): void {
    if (ms > TICK_BUDGET_MS) this.size = Math.max(1, Math.floor(this.size / 2));
    else if (swept === this.size && ms < TICK_BUDGET_MS / 2)
      this.size = Math.min(SWEEP_LIMIT, this.size * 2);
  }
}
/**
 * The share a batch of events takes along: small, so a watermark jump that makes thousands of
 * instances overdue does not hold up the events behind it (measured: 2,000 pairs per batch put
 * seconds between an append and its visibility, 100 still hundreds of ms once each pair also
 * re-detects its frictions). Idle ticks sweep the rest faster.
 */
export const BATCH_SWEEP_LIMIT = 25;

/**
 * Active instances that the watermark has left idle past their journey's abandonAfter, oldest
 * first, at most `limit` of them (the rest wait for the next batch or idle tick), of the pairs the
 * partition owns.
 */
export async function overdueInstances(
  tx: PoolClient,
  watermark: number,
  limit: number,
  applied: AppliedDefinitions,
): Promise<Affected[]> {
  if (!Number.isFinite(watermark)) return [];
  const rules = await applied.rules(tx, await applied.journeys(tx));
  const defaultAbandon = rulesFromDefinition(null, '').abandonAfterMs;
  const shortest = Math.min(defaultAbandon, ...[...rules.values()].map((r) => r.abandonAfterMs));
  // The shortest limit bounds an index range; each journey's own limit then applies in the query.
  const { rows } = await tx.query<{ customer_id: string; journey: string }>(
    `SELECT DISTINCT ON (i.last_activity_at, i.customer_id, i.journey) i.customer_id, i.journey
       FROM rm_journey_instances i
       LEFT JOIN unnest($2::text[], $3::float8[]) AS r(journey, abandon_ms) ON r.journey = i.journey
      WHERE i.status = 'active' AND i.partition = $7::int AND i.last_activity_at < to_timestamp(($1::float8 - $4::float8) / 1000.0)
        AND i.last_activity_at < to_timestamp(($1::float8 - coalesce(r.abandon_ms, $5::float8)) / 1000.0)
      ORDER BY i.last_activity_at, i.customer_id, i.journey
      LIMIT $6::int`,
    [
      watermark,
      [...rules.keys()],
      [...rules.values()].map((r) => r.abandonAfterMs),
      shortest,
      defaultAbandon,
      limit,
      applied.partition,
    ],
  );
  return rows.map((r) => ({ customerId: r.customer_id, journey: r.journey }));
}
