import { PoolClient } from 'pg';
import {
  FrictionThresholds,
  JourneyRules,
  rulesFromDefinition,
  thresholdsOfDefinition,
} from '@journey/domain';
import { loadDefinitions } from './journey-facts';

/** A journey's rules and friction thresholds, with the definition (JSON) they come from. */
export interface JourneyRuleSet {
  readonly rules: JourneyRules;
  readonly thresholds: FrictionThresholds;
  /** What held pair states compare: a redefined journey's pairs are recomputed. */
  readonly definition: string;
}

/** Each journey's rule set from its current definition, read once per batch. */
export async function loadRuleSets(
  tx: PoolClient,
  journeys: Iterable<string>,
): Promise<Map<string, JourneyRuleSet>> {
  const definitions = await loadDefinitions(tx, journeys);
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
