import { Channel } from '@journey/events';
import { TouchpointFact } from '../src/journeys/types';

/**
 * One case of a real event log as touchpoint facts: the case is the customer and the journey
 * instance, every task a success, the position in the file the arrival (it breaks ties of time).
 */
export function caseFacts<E extends { activity: string; time: number; index: number }>(
  journey: string,
  caseId: string,
  events: readonly E[],
  fields: (e: E) => { touchpointId: string; channel: Channel },
): TouchpointFact[] {
  return events.map((e) => ({
    ...fields(e),
    customerId: caseId,
    journey,
    step: e.activity,
    stage: null,
    outcome: 'success',
    occurredAt: e.time,
    journeyInstanceId: caseId,
    arrival: String(e.index).padStart(8, '0'),
  }));
}
