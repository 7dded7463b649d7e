import { JourneyInstance } from '../journeys/types';
import { occurrenceOf } from './occurrence';
import { FrictionContext, FrictionOccurrence } from './types';

/**
 * failure fires at every touchpoint whose outcome is 'failure' (only the outcome: a definition's
 * failure steps end the instance as 'failed', which is a status, not this friction).
 * Evidence: that touchpoint.
 */
export function failures(
  instance: JourneyInstance,
  _context: FrictionContext,
): FrictionOccurrence[] {
  return instance.steps
    .filter((step) => step.outcome === 'failure')
    .map((step) =>
      occurrenceOf(instance, {
        at: step,
        touchpointIds: [step.touchpointId],
        detail: { type: 'failure' },
      }),
    );
}
