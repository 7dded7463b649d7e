import { InstanceStep, JourneyInstance } from '../journeys/types';
import { occurrenceOf } from './occurrence';
import { FrictionContext, FrictionOccurrence } from './types';

interface Staged {
  readonly step: InstanceStep;
  readonly stage: string;
  readonly rank: number;
}

/**
 * backtrack fires at a touchpoint T whose stage comes earlier, in the definition's stages order,
 * than the stage of the nearest earlier touchpoint that has a defined stage: one occurrence per
 * move backwards. So stages A, C, B fire at B (going back, even if B was skipped before); A, C,
 * B, B fire once (staying in B is no new move). Touchpoints without a stage of the definition are
 * looked past. Evidence: that earlier touchpoint and T.
 *
 * Simultaneous steps: touchpoints recorded at the same instant are in arbitrary order, so a move
 * between two of them is never a backtrack. Staged touchpoints with one occurredAt form a group;
 * T is compared with the latest group strictly before T.occurredAt, represented by its
 * highest-ranked touchpoint (the furthest the customer got at that instant; the last of equals).
 * So A(2)@t0, B(1)@t0 fire nothing, and adding C(1)@t1 fires once at C, from stage 2, in either
 * order of the first two.
 */
export function backtracks(
  instance: JourneyInstance,
  context: FrictionContext,
): FrictionOccurrence[] {
  const order = new Map(context.rules.stages.map((stage, i) => [stage, i]));
  /** The representative of the latest group before the current one's instant. */
  let compared: Staged | null = null;
  /** The representative of the group at the latest staged touchpoint's instant. */
  let current: Staged | null = null;
  const out: FrictionOccurrence[] = [];

  for (const step of instance.steps) {
    const rank = step.stage === null ? undefined : order.get(step.stage);
    if (step.stage === null || rank === undefined) continue;
    if (current !== null && step.occurredAt > current.step.occurredAt) {
      compared = current;
      current = null;
    }
    if (compared !== null && rank < compared.rank) {
      out.push(
        occurrenceOf(instance, {
          at: step,
          touchpointIds: [compared.step.touchpointId, step.touchpointId],
          detail: { type: 'backtrack', fromStage: compared.stage, toStage: step.stage },
        }),
      );
    }
    if (current === null || rank >= current.rank) current = { step, stage: step.stage, rank };
  }
  return out;
}
