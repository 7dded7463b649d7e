import { PoolClient } from 'pg';
import { rulesFromDefinition } from '@journey/domain';
import { Affected } from './journey-facts';
import { AppliedDefinitions } from './definitions';

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
