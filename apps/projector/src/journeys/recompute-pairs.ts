import { PoolClient } from 'pg';
import {
  contributionsOf,
  diffContributions,
  JourneyRules,
  pairFirstsOf,
  segmentInstances,
  tailOf,
} from '@journey/domain';
import { Affected, loadFacts, loadInstances, pairKey, replaceInstances } from './journey-facts';
import { MapDelta } from './map-writes';
import { JourneyRuleSet } from './rule-sets';
import { PairStates } from './pair-states';
import { FrictionOptions, RecomputedPair, refreshFrictions } from '../frictions/pair-frictions';

export interface RecomputeContext {
  /** Rules the stored contributions were made with (a definition changed in the batch). */
  readonly rulesBefore: ReadonlyMap<string, JourneyRules>;
  /** The rules and friction thresholds of every pair's journey. */
  readonly rules: ReadonlyMap<string, JourneyRuleSet>;
  readonly frictions: FrictionOptions;
  /** Each recomputed pair is held afterwards (when extendable), or dropped. */
  readonly states: PairStates;
  /** The partition owning the pairs (their instance rows say so). */
  readonly partition: number;
}

/**
 * The exact path: each pair's instances segmented again from all its facts, written whole; the
 * journey map takes the difference of old and new contributions; frictions are re-detected.
 */
export async function recomputePairs(
  tx: PoolClient,
  pairs: readonly Affected[],
  watermark: number,
  map: MapDelta,
  { rulesBefore, rules, frictions, states, partition }: RecomputeContext,
): Promise<void> {
  const facts = await loadFacts(tx, pairs);
  const before = await loadInstances(tx, pairs);
  const recomputed: RecomputedPair[] = [];
  const instances = pairs.flatMap((p) => {
    const key = pairKey(p.customerId, p.journey);
    const { rules: journeyRules, thresholds } = rules.get(p.journey)!;
    const next = segmentInstances(facts.get(key) ?? [], journeyRules, watermark);
    const old = contributionsOf(before.get(key) ?? [], rulesBefore.get(p.journey) ?? journeyRules);
    map.add(p.journey, diffContributions(old, contributionsOf(next, journeyRules)));
    recomputed.push({ pair: p, rules: journeyRules, thresholds, instances: next });
    return next;
  });
  await replaceInstances(tx, pairs, instances, partition);
  const withFeedback = await refreshFrictions(tx, recomputed, frictions);
  for (const r of recomputed) {
    const key = pairKey(r.pair.customerId, r.pair.journey);
    const pairFacts = facts.get(key) ?? [];
    const tail = tailOf(pairFacts, r.instances);
    // Not extendable: what was held describes the history before this recomputation.
    if (tail === null) {
      states.delete(key);
      continue;
    }
    states.set(key, {
      customerId: r.pair.customerId,
      instances: r.instances,
      tail,
      touchpoints: new Set(pairFacts.map((f) => f.touchpointId)),
      firsts: pairFirstsOf(r.instances),
      definition: rules.get(r.pair.journey)!.definition,
      hasFeedback: withFeedback.has(r.pair.customerId),
    });
  }
}
