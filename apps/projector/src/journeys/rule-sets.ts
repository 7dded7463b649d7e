import {
  FrictionThresholds,
  JourneyRules,
  rulesFromDefinition,
  thresholdsOfDefinition,
} from '@journey/domain';
import { JourneyDefined } from '@journey/events';

/** A journey's rules and friction thresholds, with the definition (JSON) they come from. */
export interface JourneyRuleSet {
  readonly rules: JourneyRules;
  readonly thresholds: FrictionThresholds;
  /** What held pair states compare: a redefined journey's pairs are recomputed. */
  readonly definition: string;
}

/** A journey's rule set from its definition (defaults when it has none). */
export function ruleSetOf(journey: string, def: JourneyDefined['data'] | null): JourneyRuleSet {
  return {
    rules: rulesFromDefinition(def, journey),
    thresholds: thresholdsOfDefinition(def),
    definition: JSON.stringify(def),
  };
}
