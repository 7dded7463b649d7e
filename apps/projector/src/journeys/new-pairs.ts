import { PoolClient } from 'pg';
import { tailOf } from '@journey/domain';
import { pairKey, unpair } from './journey-facts';
import { PairState } from './pair-states';

/**
 * Of the pairs not held, those whose only facts are the ones this batch stored (`stored`: pair
 * key -> how many) and whose customer has no feedback: a journey's first touchpoints, the common
 * case of live traffic. Their history is empty, so they are extended from emptyState instead of
 * recomputed. A pair evicted from the held states has earlier facts and is not among them.
 */
export async function pairsWithoutHistory(
  tx: PoolClient,
  stored: ReadonlyMap<string, number>,
): Promise<string[]> {
  if (stored.size === 0) return [];
  const pairs = [...stored.keys()].map(unpair);
  const { rows } = await tx.query<{ customer_id: string; journey: string; facts: number }>(
    `SELECT p.customer_id, p.journey,
            (SELECT count(*)::int FROM rm_touchpoints t
              WHERE t.customer_id = p.customer_id AND t.journey = p.journey) AS facts
       FROM unnest($1::text[], $2::text[]) AS p(customer_id, journey)
      WHERE NOT EXISTS (SELECT 1 FROM rm_feedback f WHERE f.customer_id = p.customer_id)`,
    [pairs.map((p) => p.customerId), pairs.map((p) => p.journey)],
  );
  return rows
    .map((r) => ({ key: pairKey(r.customer_id, r.journey), facts: r.facts }))
    .filter((r) => r.facts === stored.get(r.key))
    .map((r) => r.key);
}

/** What the read models hold of a pair without any fact: nothing. */
export function emptyState(customerId: string, definition: string): PairState {
  return {
    customerId,
    instances: [],
    tail: tailOf([], [])!,
    touchpoints: new Set(),
    firsts: new Set(),
    definition,
    hasFeedback: false,
  };
}
