import type { JourneyDefined } from '@journey/events';

type DefinitionData = JourneyDefined['data'];

/**
 * A definition as the API takes it (no journey name), every setting a test does not name at what
 * the definition endpoint defaults it to: no stages or terminal steps, abandoned after 30 days,
 * no SLAs, no personal attributes, the default friction thresholds.
 */
export function definitionSettings(
  overrides: Partial<Omit<DefinitionData, 'journey'>> = {},
): Omit<DefinitionData, 'journey'> {
  return {
    stages: [],
    goalSteps: [],
    failureSteps: [],
    abandonAfter: 'P30D',
    stepSla: {},
    personalAttributes: [],
    personalByDefault: false,
    nonPersonalAttributes: [],
    frictionThresholds: {},
    ...overrides,
  };
}

/** A JourneyDefined event's data for `journey`: definitionSettings with `overrides`. */
export const definitionData = (
  journey: string,
  overrides: Partial<Omit<DefinitionData, 'journey'>> = {},
): DefinitionData => ({ journey, ...definitionSettings(overrides) });
