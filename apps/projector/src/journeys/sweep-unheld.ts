import { PoolClient } from 'pg';
import { extendInstances } from '@journey/domain';
import { loadInstances, unpair } from './journey-facts';
import { ExtendedPair } from './fast-path';
import { emptyState } from './new-pairs';
import { JourneyRuleSet } from './rule-sets';

/**
 * Swept pairs (overdue, no new facts) whose state is not held: abandoning an instance changes
 * only its status, so their instance rows are enough (no facts, no friction re-detection over the
 * history). In a large customer base the pairs gone quiet for weeks are exactly the least recently
 * used, evicted from the held states. They are extended without being held afterwards (the tail
 * of their facts is not known). Customers with feedback, and pairs the rows show nothing overdue
 * in, are left to the recomputation (returned as `declined`).
 */
export async function sweepUnheld(
  tx: PoolClient,
  keys: readonly string[],
  rules: ReadonlyMap<string, JourneyRuleSet>,
  watermark: number,
): Promise<{ extended: ExtendedPair[]; declined: string[] }> {
  if (keys.length === 0) return { extended: [], declined: [] };
  const rows = await loadInstances(tx, keys.map(unpair), { withoutFeedback: true });
  const extended: ExtendedPair[] = [];
  const declined: string[] = [];
  for (const key of keys) {
    const instances = rows.get(key);
    const { customerId, journey } = unpair(key);
    const set = rules.get(journey)!;
    // The tail of its facts is not known: an empty one, so the pair is not held after.
    const state = { ...emptyState(customerId, set.definition), instances: instances ?? [] };
    const extension =
      instances &&
      extendInstances(instances, state.tail, [], set.rules, watermark, state.touchpoints);
    if (!extension || extension.changed.length === 0) {
      declined.push(key);
      continue;
    }
    extended.push({ key, state, extension, ...set, hold: false });
  }
  return { extended, declined };
}
