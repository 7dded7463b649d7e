import { PoolClient } from 'pg';
import { extendInstances, PairTail } from '@journey/domain';
import { loadInstances, unpair } from './journey-facts';
import { ExtendedPair } from './fast-path';
import { JourneyRuleSet } from './rule-sets';

const NO_TAIL: PairTail = { last: null, openAutoId: null };

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
    const extension =
      instances && extendInstances(instances, NO_TAIL, [], set.rules, watermark, new Set());
    if (!extension || extension.changed.length === 0) {
      declined.push(key);
      continue;
    }
    const state = {
      customerId,
      instances,
      tail: NO_TAIL,
      touchpoints: new Set<string>(),
      firsts: new Set<string>(),
      definition: set.definition,
      hasFeedback: false,
    };
    extended.push({ key, state, extension, ...set, hold: false });
  }
  return { extended, declined };
}
