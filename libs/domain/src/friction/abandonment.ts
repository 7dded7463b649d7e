import { JourneyInstance } from '../journeys/types';
import { occurrenceOf } from './occurrence';
import { FrictionContext, FrictionOccurrence } from './types';

/**
 * abandonment fires once for an instance whose status is 'abandoned', at its last touchpoint: the
 * step where the customer left, and its occurredAt (not the later moment the silence became long
 * enough, which depends on the watermark). A late touchpoint that revives the instance removes it;
 * one that extends it moves it (a new last touchpoint, so a new id).
 * Evidence: the last touchpoint.
 */
export function abandonments(
  instance: JourneyInstance,
  _context: FrictionContext,
): FrictionOccurrence[] {
  const last = instance.steps[instance.steps.length - 1];
  if (instance.status !== 'abandoned' || last === undefined) return [];
  return [
    occurrenceOf(instance, {
      at: last,
      touchpointIds: [last.touchpointId],
      detail: { type: 'abandonment' },
    }),
  ];
}
