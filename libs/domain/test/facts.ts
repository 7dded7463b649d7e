import { JourneyRules, TouchpointFact } from '../src/journeys/types';

/** Epoch ms of an ISO instant (UTC when no offset is given). */
export function at(iso: string): number {
  return Date.parse(iso.endsWith('Z') || /[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

let counter = 0;

/** A touchpoint fact with test defaults: customer c1, journey j, channel web, success. */
export function fact(
  fields: Partial<TouchpointFact> & Pick<TouchpointFact, 'step' | 'occurredAt'>,
): TouchpointFact {
  counter += 1;
  const touchpointId = fields.touchpointId ?? `tp-${String(counter).padStart(6, '0')}`;
  return {
    touchpointId,
    customerId: 'c1',
    journey: 'j',
    stage: null,
    channel: 'web',
    outcome: 'success',
    journeyInstanceId: null,
    arrival: String(counter).padStart(12, '0'),
    ...fields,
  };
}

/** Rules for tests: no stages or terminal steps, abandoned after a day, unless overridden. */
export function rules(fields: Partial<JourneyRules> = {}): JourneyRules {
  return {
    journey: 'j',
    stages: [],
    stageOfStep: new Map(),
    goalSteps: new Set(),
    failureSteps: new Set(),
    abandonAfterMs: DAY,
    stepSlaMs: new Map(),
    ...fields,
  };
}
