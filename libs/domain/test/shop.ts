import { TransitionBaselineFn } from '../src/friction/types';
import { Channel, Outcome } from '@journey/events';
import { JourneyRules, TouchpointFact } from '../src/journeys/types';
import { rules } from './facts';

const MIN = 60_000;

/**
 * The shop journey of the friction and map specs: view (discover), then pay (buy), ending in done
 * (goal) or fail (failure), abandoned after a day; `fields` adds to or overrides it.
 */
export const shopRules = (fields: Partial<JourneyRules> = {}): JourneyRules =>
  rules({
    stages: ['discover', 'buy'],
    stageOfStep: new Map([
      ['view', 'discover'],
      ['pay', 'buy'],
    ]),
    goalSteps: new Set(['done']),
    failureSteps: new Set(['fail']),
    ...fields,
  });

/**
 * A pure baseline for the properties: its answer depends only on its arguments (p90 from the
 * step names, samples from `minSamples` up by the window's start minute).
 */
export const pureBaseline =
  (minSamples: number): TransitionBaselineFn =>
  (from, to, { fromMs }) => {
    const p90Ms = ((from.length * 7 + to.length * 13) % 5) * 20 * MIN;
    return {
      p90Ms,
      p90UpperMs: p90Ms * 1.01,
      samples: minSamples + (Math.floor(fromMs / MIN) % 20),
    };
  };

/** What a property draws for one touchpoint. */
export interface RawFact {
  step: string;
  stage: string | null;
  channel: Channel;
  outcome: Outcome;
  journeyInstanceId: string | null;
}

/** The `i`-th drawn touchpoint as c1's fact on journey j at `occurredAt` (arrival: `i`, padded). */
export const drawnFact = (
  r: RawFact,
  i: number,
  occurredAt: number,
  width = 6,
): TouchpointFact => ({
  touchpointId: `tp-${String(i).padStart(3, '0')}`,
  customerId: 'c1',
  journey: 'j',
  step: r.step,
  stage: r.stage,
  channel: r.channel,
  outcome: r.outcome,
  occurredAt,
  journeyInstanceId: r.journeyInstanceId,
  arrival: String(i).padStart(width, '0'),
});
