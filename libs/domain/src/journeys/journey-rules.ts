import { DEFAULT_ABANDON_AFTER, JourneyDefined } from '@journey/events';
import { parseIsoDuration } from '../iso-duration';
import { JourneyRules } from './types';

/** The default abandonment window (P30D) in milliseconds. */
export const DEFAULT_ABANDON_AFTER_MS = parseIsoDuration(DEFAULT_ABANDON_AFTER) as number;

/**
 * The rules of a journey, from its latest definition (null when the journey has none: no stages,
 * no goal or failure steps, abandoned after P30D without activity, no SLAs).
 * A step listed under several stages belongs to the first of them; an abandonAfter that does not
 * parse (the API validates it, so only old or foreign data) falls back to the default.
 */
export function rulesFromDefinition(
  def: JourneyDefined['data'] | null,
  journey: string,
): JourneyRules {
  if (!def) {
    return {
      journey,
      stages: [],
      stageOfStep: new Map(),
      goalSteps: new Set(),
      failureSteps: new Set(),
      abandonAfterMs: DEFAULT_ABANDON_AFTER_MS,
      stepSlaMs: new Map(),
    };
  }
  const stageOfStep = new Map<string, string>();
  for (const stage of def.stages) {
    for (const step of stage.steps) {
      if (!stageOfStep.has(step)) stageOfStep.set(step, stage.name);
    }
  }
  return {
    journey,
    stages: def.stages.map((s) => s.name),
    stageOfStep,
    goalSteps: new Set(def.goalSteps),
    failureSteps: new Set(def.failureSteps),
    abandonAfterMs: parseIsoDuration(def.abandonAfter) ?? DEFAULT_ABANDON_AFTER_MS,
    stepSlaMs: new Map(Object.entries(def.stepSla)),
  };
}
