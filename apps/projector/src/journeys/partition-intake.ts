import { PoolClient } from 'pg';
import { JourneyRules, TouchpointFact } from '@journey/domain';
import { Affected, pairKey } from './journey-facts';
import { takeHandoffs } from './handoffs';
import { AppliedDefinitions, syncDefinitions } from './definitions';
import { PairStates } from './pair-states';
import { PartitionScope } from './partition-scope';

/**
 * What a partition takes over before its own events, in a batch or an idle tick: the pairs other
 * partitions handed to it (their held states are stale), and the journeys redefined since it last
 * looked (all its pairs of them). Returns the rules its stored contributions were made with.
 */
export async function takeOver(
  tx: PoolClient,
  scope: PartitionScope,
  affected: Set<string>,
  states: PairStates,
  definitions: AppliedDefinitions,
): Promise<Map<string, JourneyRules>> {
  for (const a of await takeHandoffs(tx, scope.index)) {
    const key = pairKey(a.customerId, a.journey);
    affected.add(key);
    states.delete(key);
  }
  const sync = await syncDefinitions(tx, definitions);
  for (const a of sync.pairs) affected.add(pairKey(a.customerId, a.journey));
  return sync.rulesBefore;
}

/** A batch's new facts, grouped per pair, with the swept pairs that got none. */
export function freshFacts(
  facts: readonly TouchpointFact[],
  owners: readonly number[],
  swept: readonly Affected[],
  affected: ReadonlySet<string>,
  scope: PartitionScope,
  handOff: (partition: number, pair: Affected) => void,
): Map<string, TouchpointFact[]> {
  const fresh = new Map<string, TouchpointFact[]>();
  for (const p of swept) {
    const key = pairKey(p.customerId, p.journey);
    if (!affected.has(key)) fresh.set(key, []);
  }
  // New facts of the pairs not recomputed anyway, coalesced: one extension per pair.
  for (let k = 0; k < facts.length; k++) {
    const f = facts[k];
    // An anonymous id's touchpoint after its link belongs to its customer's partition.
    if (owners[k] !== scope.index) {
      handOff(owners[k], f);
      continue;
    }
    const key = pairKey(f.customerId, f.journey);
    if (affected.has(key)) continue;
    const list = fresh.get(key);
    if (list) list.push(f);
    else fresh.set(key, [f]);
  }
  return fresh;
}
