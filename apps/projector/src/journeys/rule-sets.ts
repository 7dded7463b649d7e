import { PoolClient } from 'pg';
import {
  FrictionThresholds,
  JourneyRules,
  rulesFromDefinition,
  thresholdsOfDefinition,
} from '@journey/domain';
import { loadDefinitions } from './definitions';

/** A journey's rules and friction thresholds, with the definition (JSON) they come from. */
export interface JourneyRuleSet {
  readonly rules: JourneyRules;
  readonly thresholds: FrictionThresholds;
  /** What held pair states compare: a redefined journey's pairs are recomputed. */
  readonly definition: string;
}

/** Each journey's rule set from the definition the partition applied, read once per batch. */
export async function loadRuleSets(
  tx: PoolClient,
  journeys: Iterable<string>,
  partition: number,
): Promise<Map<string, JourneyRuleSet>> {
  const definitions = await loadDefinitions(tx, journeys, partition);
  return new Map(
    [...definitions].map(([j, def]) => [
      j,
      {
        rules: rulesFromDefinition(def, j),
        thresholds: thresholdsOfDefinition(def),
        definition: JSON.stringify(def),
      },
    ]),
  );
}
