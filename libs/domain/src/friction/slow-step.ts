import { JourneyInstance } from '../journeys/types';
import { occurrenceOf } from './occurrence';
import { FrictionContext, FrictionOccurrence, SlowThreshold } from './types';

/**
 * slow_step fires at a touchpoint T (not the first of its instance) whose time since the previous
 * step, d = T.sincePreviousMs, exceeds (strictly) either
 * - 'sla': the SLA of T's step (definition stepSla: the longest expected wait before the step), or
 * - 'p90': the p90 of the transition previous step -> T's step on the journey map over the trailing
 *   window [T - slowStepBaselineWindowMs, T), once that baseline has slowStepMinSamples samples.
 *   The window ends before T so that a step never weighs in on its own baseline. The map's p90 is
 *   a sketch's estimate (within 1%), so d must exceed the largest value the p90's bucket holds:
 *   otherwise, with durations that barely vary, about half of all steps would "exceed the p90".
 * Both exceeded is still one occurrence, listing both. Evidence: the previous touchpoint and T.
 * `from`: only the steps from this index on are looked at (each needs only its predecessor), so
 * an extension asks the baseline about its new steps alone.
 */
export function slowSteps(
  instance: JourneyInstance,
  context: FrictionContext,
  from = 0,
): FrictionOccurrence[] {
  const { slowStepMinSamples, slowStepBaselineWindowMs } = context.thresholds;
  const steps = instance.steps;
  const out: FrictionOccurrence[] = [];

  for (let i = Math.max(1, from); i < steps.length; i++) {
    const step = steps[i];
    const durationMs = step.sincePreviousMs;
    if (durationMs === null) continue;
    const previous = steps[i - 1];
    const slaMs = context.rules.stepSlaMs.get(step.step) ?? null;
    const window = { fromMs: step.occurredAt - slowStepBaselineWindowMs, toMs: step.occurredAt };
    const found = context.baseline?.(previous.step, step.step, window);
    const baseline = found && found.samples >= slowStepMinSamples ? found : null;

    const exceeded: SlowThreshold[] = [];
    if (slaMs !== null && durationMs > slaMs) exceeded.push('sla');
    if (baseline !== null && durationMs > baseline.p90UpperMs) exceeded.push('p90');
    if (exceeded.length === 0) continue;
    out.push(
      occurrenceOf(instance, {
        at: step,
        touchpointIds: [previous.touchpointId, step.touchpointId],
        detail: {
          type: 'slow_step',
          fromStep: previous.step,
          durationMs,
          exceeded,
          slaMs,
          p90Ms: baseline?.p90Ms ?? null,
          samples: baseline?.samples ?? null,
        },
      }),
    );
  }
  return out;
}
