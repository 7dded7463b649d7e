import { JourneyInstance } from '../journeys/types';
import { channelKind } from './channel-kinds';
import { occurrenceOf } from './occurrence';
import { FrictionContext, FrictionOccurrence } from './types';
import { tailWithin } from './windows';

/**
 * repeat_contact fires at an assisted-channel touchpoint T (any assisted channel, not only T's)
 * when T and the earlier assisted touchpoints at most repeatContactWindowMs before it (inclusive)
 * number at least repeatContactCount: the customer needed a person again.
 *
 * Like repeat_attempt, once per triggering touchpoint: with the default 2 per 7 days, three calls
 * in a week fire at the 2nd and the 3rd. Evidence: the assisted touchpoints of the window, T last.
 */
export function repeatContacts(
  instance: JourneyInstance,
  context: FrictionContext,
): FrictionOccurrence[] {
  const { repeatContactCount, repeatContactWindowMs } = context.thresholds;
  const steps = instance.steps;
  const assisted: number[] = [];
  const out: FrictionOccurrence[] = [];

  steps.forEach((step, i) => {
    if (channelKind(step.channel) !== 'assisted') return;
    const inWindow = [...tailWithin(steps, assisted, step.occurredAt, repeatContactWindowMs), i];
    if (inWindow.length >= repeatContactCount) {
      out.push(
        occurrenceOf(instance, {
          at: step,
          touchpointIds: inWindow.map((j) => steps[j].touchpointId),
          detail: { type: 'repeat_contact', contacts: inWindow.length },
        }),
      );
    }
    assisted.push(i);
  });
  return out;
}
