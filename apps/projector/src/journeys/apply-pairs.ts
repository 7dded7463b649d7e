import { PoolClient } from 'pg';
import { JourneyRules, TouchpointFact } from '@journey/domain';
import { unpair } from './journey-facts';
import { MapDelta } from './map-writes';
import { AppliedDefinitions } from './definitions';
import { applyExtensions, ExtendedPair, extensionOf } from './fast-path';
import { recomputePairs } from './recompute-pairs';
import { emptyState, pairsWithoutHistory } from './new-pairs';
import { sweepUnheld } from './sweep-unheld';
import { PairStates } from './pair-states';
import { FrictionOptions } from '../frictions/pair-frictions';

/** A batch's (or tick's) pairs: new facts per pair (empty: swept), and pairs to recompute. */
export interface PairWork {
  readonly fresh: ReadonlyMap<string, readonly TouchpointFact[]>;
  readonly affected: Set<string>;
  readonly watermark: number;
  readonly rulesBefore: Map<string, JourneyRules>;
  readonly map: MapDelta;
}

/** What the journeys projection keeps across batches, and the partition it writes as. */
export interface PairContext {
  readonly states: PairStates;
  readonly frictions: FrictionOptions;
  readonly partition: number;
  readonly definitions: AppliedDefinitions;
  readonly paths: { extended: number; recomputed: number };
}

/**
 * Extends the pairs of `fresh` whose held states allow it, and those without history from an
 * empty state; recomputes the rest and `affected` (which the declined join). Returns how many
 * were extended.
 */
export async function applyPairs(
  tx: PoolClient,
  { fresh, affected, watermark, rulesBefore, map }: PairWork,
  { states, frictions, partition, definitions, paths }: PairContext,
): Promise<number> {
  const rules = await definitions.ruleSetsOf(
    tx,
    new Set([...fresh.keys(), ...affected].map((k) => unpair(k).journey)),
  );
  const unheld = new Map<string, number>();
  for (const [key, facts] of fresh)
    if (facts.length > 0 && !states.get(key)) unheld.set(key, facts.length);
  for (const key of await pairsWithoutHistory(tx, unheld)) {
    const { customerId, journey } = unpair(key);
    states.set(key, emptyState(customerId, rules.get(journey)!.definition));
  }
  const extended: ExtendedPair[] = [];
  const unheldSweeps: string[] = [];
  for (const [key, facts] of fresh) {
    const journey = rules.get(unpair(key).journey)!;
    const found = extensionOf(states, key, facts, journey, watermark);
    if (found) extended.push(found);
    else if (facts.length === 0 && !states.get(key)) unheldSweeps.push(key);
    else affected.add(key);
  }
  const fromRows = await sweepUnheld(tx, unheldSweeps, rules, watermark);
  extended.push(...fromRows.extended);
  fromRows.declined.forEach((key) => affected.add(key));
  await applyExtensions(tx, extended, map, frictions, states, partition);
  paths.extended += extended.length;
  if (affected.size > 0) {
    const pairs = [...affected].map(unpair);
    const context = {
      rulesBefore,
      rules,
      frictions,
      states,
      partition,
    };
    await recomputePairs(tx, pairs, watermark, map, context);
    paths.recomputed += pairs.length;
  }
  return extended.length;
}
