import { PoolClient } from 'pg';
import { Affected } from './journey-facts';
import { loadRules } from './journey-facts';
import { rulesFromDefinition } from '@journey/domain';

/**
 * The event-time watermark: the latest occurredAt projected. Abandonment is measured against it
 * (not the wall clock), so a rebuild reaches the same statuses.
 */
export async function advanceWatermark(
  tx: PoolClient,
  projection: string,
  candidate: number,
): Promise<{ value: number; advanced: boolean }> {
  const { rows } = await tx.query<{ ms: number | null }>(
    `SELECT (extract(epoch FROM watermark) * 1000)::float8 AS ms FROM projection_checkpoints WHERE name = $1`,
    [projection],
  );
  const current = rows[0]?.ms ?? -Infinity;
  if (!(candidate > current)) return { value: current, advanced: false };
  await tx.query(
    `INSERT INTO projection_checkpoints (name, position, watermark) VALUES ($1, '0/0', to_timestamp($2 / 1000.0))
     ON CONFLICT (name) DO UPDATE SET watermark = EXCLUDED.watermark`,
    [projection, candidate],
  );
  return { value: candidate, advanced: true };
}

/** Active instances that the watermark has left idle past their journey's abandonAfter. */
export async function overdueInstances(tx: PoolClient, watermark: number): Promise<Affected[]> {
  const { rows: defined } = await tx.query<{ journey: string }>(
    'SELECT journey FROM rm_journey_definitions',
  );
  const rules = await loadRules(
    tx,
    defined.map((d) => d.journey),
  );
  const defaultAbandon = rulesFromDefinition(null, '').abandonAfterMs;
  const abandonOf = (journey: string) => rules.get(journey)?.abandonAfterMs ?? defaultAbandon;
  const shortest = Math.min(defaultAbandon, ...[...rules.values()].map((r) => r.abandonAfterMs));
  // Candidates by the shortest limit (an index range), then each journey's own limit.
  const { rows } = await tx.query<{ customer_id: string; journey: string; last_ms: number }>(
    `SELECT customer_id, journey, (extract(epoch FROM last_activity_at) * 1000)::float8 AS last_ms
       FROM rm_journey_instances
      WHERE status = 'active' AND last_activity_at < to_timestamp($1 / 1000.0)`,
    [watermark - shortest],
  );
  return rows
    .filter((r) => watermark - r.last_ms > abandonOf(r.journey))
    .map((r) => ({ customerId: r.customer_id, journey: r.journey }));
}
