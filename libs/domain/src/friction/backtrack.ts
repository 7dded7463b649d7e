import { InstanceStep, JourneyInstance } from '../journeys/types';
import { occurrenceOf } from './occurrence';
import { FrictionContext, FrictionOccurrence } from './types';

/**
 * backtrack fires at a touchpoint T whose stage comes earlier, in the definition's stages order,
 * than the stage of the nearest earlier touchpoint that has a defined stage: one occurrence per
 * move backwards. So stages A, C, B fire at B (going back, even if B was skipped before); A, C,
 * B, B fire once (staying in B is no new move). Touchpoints without a stage of the definition are
 * looked past. Evidence: that earlier touchpoint and T.
 */
export function backtracks(
  instance: JourneyInstance,
  context: FrictionContext,
): FrictionOccurrence[] {
  const order = new Map(context.rules.stages.map((stage, i) => [stage, i]));
  let last: { step: InstanceStep; stage: string; rank: number } | null = null;
  const out: FrictionOccurrence[] = [];

  for (const step of instance.steps) {
    const rank = step.stage === null ? undefined : order.get(step.stage);
    if (step.stage === null || rank === undefined) continue;
    if (last !== null && rank < last.rank) {
      out.push(
        occurrenceOf(instance, {
          at: step,
          touchpointIds: [last.step.touchpointId, step.touchpointId],
          detail: { type: 'backtrack', fromStage: last.stage, toStage: step.stage },
        }),
      );
    }
    last = { step, stage: step.stage, rank };
  }
  return out;
}
