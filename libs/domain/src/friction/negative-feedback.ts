import { JourneyInstance, InstanceStep } from '../journeys/types';
import { occurrenceOf } from './occurrence';
import { FrictionThresholds } from './thresholds';
import { FrictionContext, FrictionOccurrence, InstanceFeedback } from './types';

/**
 * negative_feedback fires once per feedback of the instance with a bad score: CSAT <= csatMax,
 * NPS <= npsMax, CES >= cesMin (a higher CES is more effort). Its trigger is the feedback, not a
 * touchpoint: the id derives from the feedbackId and occurredAt is the feedback's, so two bad
 * ratings of one touchpoint are two occurrences. A feedbackId given twice counts once.
 *
 * Attribution: the feedback's touchpoint when the instance holds it; else the latest touchpoint at
 * or before the feedback's occurredAt; else (given before the instance began) the first one.
 * Evidence: the attributed touchpoint and the feedback id.
 */
export function negativeFeedback(
  instance: JourneyInstance,
  context: FrictionContext,
): FrictionOccurrence[] {
  if (instance.steps.length === 0) return [];
  return uniqueById(context.feedback ?? [])
    .filter((f) => isNegative(f, context.thresholds))
    .map((f) => {
      const at = attributedStep(instance.steps, f);
      return occurrenceOf(instance, {
        at,
        touchpointIds: [at.touchpointId],
        feedback: f,
        detail: { type: 'negative_feedback', kind: f.kind, score: f.score },
      });
    });
}

export function isNegative(
  feedback: Pick<InstanceFeedback, 'kind' | 'score'>,
  t: FrictionThresholds,
): boolean {
  switch (feedback.kind) {
    case 'csat':
      return feedback.score <= t.csatMax;
    case 'nps':
      return feedback.score <= t.npsMax;
    case 'ces':
      return feedback.score >= t.cesMin;
    default: {
      const _: never = feedback.kind;
      return _;
    }
  }
}

function attributedStep(steps: readonly InstanceStep[], f: InstanceFeedback): InstanceStep {
  const own = f.touchpointId ? steps.find((s) => s.touchpointId === f.touchpointId) : undefined;
  if (own) return own;
  let at = steps[0];
  for (const step of steps) {
    if (step.occurredAt > f.occurredAt) break;
    at = step;
  }
  return at;
}

/** One feedback per id, whatever the input order: the smallest by its fields wins. */
function uniqueById(feedback: readonly InstanceFeedback[]): InstanceFeedback[] {
  const key = (f: InstanceFeedback) =>
    JSON.stringify([f.occurredAt, f.kind, f.score, f.touchpointId ?? null]);
  const byId = new Map<string, InstanceFeedback>();
  for (const f of feedback) {
    const held = byId.get(f.feedbackId);
    if (!held || key(f) < key(held)) byId.set(f.feedbackId, f);
  }
  return [...byId.values()];
}
