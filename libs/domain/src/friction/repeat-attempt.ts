import { JourneyInstance } from '../journeys/types';
import { occurrenceOf } from './occurrence';
import { FrictionContext, FrictionOccurrence, RepeatReason } from './types';
import { tailWithin } from './windows';

/**
 * repeat_attempt fires at a touchpoint T of step S when
 * - 'window': T and the earlier touchpoints of S at most repeatAttemptWindowMs before it
 *   (inclusive) number at least repeatAttemptCount; or
 * - 'after_failure': the previous touchpoint of S in the instance had outcome 'failure' (a retry).
 *
 * Overlaps count once per triggering touchpoint, not once per run: with the default 3 per hour,
 * four attempts within an hour fire at the 3rd and the 4th (each extra attempt is extra effort,
 * and a late event then changes only the occurrences it takes part in). When both reasons hold
 * at T it is one occurrence with both reasons. Evidence, in instance order: the touchpoints of S in
 * the window (for 'window') and the failed one (for 'after_failure'), with T last.
 */
export function repeatAttempts(
  instance: JourneyInstance,
  context: FrictionContext,
): FrictionOccurrence[] {
  const { repeatAttemptCount, repeatAttemptWindowMs } = context.thresholds;
  const steps = instance.steps;
  const seen = new Map<string, number[]>();
  const out: FrictionOccurrence[] = [];

  steps.forEach((step, i) => {
    let earlier = seen.get(step.step);
    if (!earlier) seen.set(step.step, (earlier = []));
    const inWindow = [...tailWithin(steps, earlier, step.occurredAt, repeatAttemptWindowMs), i];
    const previous = earlier.length > 0 ? earlier[earlier.length - 1] : null;
    const reasons: RepeatReason[] = [];
    const evidence = new Set<number>();
    if (inWindow.length >= repeatAttemptCount) {
      reasons.push('window');
      inWindow.forEach((j) => evidence.add(j));
    }
    if (previous !== null && steps[previous].outcome === 'failure') {
      reasons.push('after_failure');
      evidence.add(previous).add(i);
    }
    if (reasons.length > 0) {
      out.push(
        occurrenceOf(instance, {
          at: step,
          touchpointIds: [...evidence].sort((a, b) => a - b).map((j) => steps[j].touchpointId),
          detail: { type: 'repeat_attempt', reasons },
        }),
      );
    }
    earlier.push(i);
  });
  return out;
}
