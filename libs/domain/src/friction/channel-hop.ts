import { JourneyInstance } from '../journeys/types';
import { channelKind } from './channel-kinds';
import { occurrenceOf } from './occurrence';
import { FrictionContext, FrictionOccurrence } from './types';

/**
 * channel_hop fires at an assisted-channel touchpoint A when the nearest earlier touchpoint on a
 * digital or assisted channel is a digital one D (touchpoints on back_office or other channels are
 * looked past), A is at most channelHopWindowMs after D (inclusive), and no goal step lies in
 * [D, A): self-service did not get the customer to the goal, so they turned to a person.
 *
 * - A goal at D or between D and A blocks it (help after reaching the goal is not a hop); A
 *   being the goal does not (finishing in the store after trying online is exactly a hop).
 * - At most once per A; web, phone, chat hops once (at phone): chat after phone is not a new
 *   hop but a repeat_contact. Web, phone, web, chat hops twice.
 * Evidence: D and A.
 */
export function channelHops(
  instance: JourneyInstance,
  context: FrictionContext,
): FrictionOccurrence[] {
  const windowMs = context.thresholds.channelHopWindowMs;
  const goals = context.rules.goalSteps;
  const steps = instance.steps;
  let lastServed: number | null = null; // the nearest digital or assisted touchpoint so far
  let lastGoal = -1;
  const out: FrictionOccurrence[] = [];

  steps.forEach((step, i) => {
    const kind = channelKind(step.channel);
    if (kind === 'assisted' && lastServed !== null) {
      const from = steps[lastServed];
      const gapMs = step.occurredAt - from.occurredAt;
      if (channelKind(from.channel) === 'digital' && gapMs <= windowMs && lastGoal < lastServed) {
        out.push(
          occurrenceOf(instance, {
            at: step,
            touchpointIds: [from.touchpointId, step.touchpointId],
            detail: {
              type: 'channel_hop',
              fromChannel: from.channel,
              toChannel: step.channel,
              gapMs,
            },
          }),
        );
      }
    }
    if (kind !== 'neither') lastServed = i;
    if (goals.has(step.step)) lastGoal = i;
  });
  return out;
}
