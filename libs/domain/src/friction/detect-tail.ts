import { JourneyInstance } from '../journeys/types';
import { abandonments } from './abandonment';
import { frictionRule, sortOccurrences } from './detect-frictions';
import { slowSteps } from './slow-step';
import { FRICTION_TYPES, FrictionContext, FrictionOccurrence } from './types';

/**
 * What detectFrictions(instance) finds at the steps from index `from` on, when those steps were
 * just appended (an in-order extension) and the instance holds no feedback: only as much of the
 * instance is looked at as the rules look back from a new step.
 * - repeat_attempt, repeat_contact, channel_hop: their time windows (a step further back is out
 *   of every window); after_failure: the previous touchpoint of each new step's step;
 * - slow_step: the previous step; backtrack: the staged steps of the two latest staged instants;
 * - abandonment: the instance's status; negative_feedback: none (no feedback).
 * Every touchpoint id of the instance must be distinct (extendInstances checks it).
 */
export function detectFrictionsFrom(
  instance: JourneyInstance,
  from: number,
  context: FrictionContext,
): FrictionOccurrence[] {
  const steps = instance.steps;
  if (from >= steps.length) return [];
  const t = context.thresholds;
  const windowMs = Math.max(t.repeatAttemptWindowMs, t.repeatContactWindowMs, t.channelHopWindowMs);
  let start = Math.max(0, from - 1);
  const earliest = steps[from].occurredAt - windowMs;
  while (start > 0 && steps[start - 1].occurredAt >= earliest) start--;
  // Lookbacks not bounded by time: the last earlier occurrence of each new step's step, and the
  // staged steps of the two latest instants with any (backtrack compares a step with the group of
  // simultaneous staged steps before its instant, which is the second one when a new step shares
  // the latest one's instant).
  const wanted = new Set(steps.slice(from).map((s) => s.step));
  const ranked = new Set(context.rules.stages);
  let stagedInstants = 0;
  let stagedAt = NaN;
  for (let i = from - 1; i >= 0 && (wanted.size > 0 || stagedInstants <= 2); i--) {
    const s = steps[i];
    if (wanted.delete(s.step)) start = Math.min(start, i);
    if (stagedInstants <= 2 && s.stage !== null && ranked.has(s.stage)) {
      if (s.occurredAt !== stagedAt)
        [stagedInstants, stagedAt] = [stagedInstants + 1, s.occurredAt];
      if (stagedInstants <= 2) start = Math.min(start, i);
    }
  }
  const view: JourneyInstance = start === 0 ? instance : { ...instance, steps: steps.slice(start) };
  const fresh = new Set(steps.slice(from).map((s) => s.touchpointId));
  const byId = new Map<string, FrictionOccurrence>();
  for (const type of FRICTION_TYPES) {
    if (type === 'negative_feedback') continue;
    const source = type === 'abandonment' ? instance : view;
    // slow_step looks at the new steps alone: its baseline lookups are the costly part.
    const detected =
      type === 'slow_step'
        ? slowSteps(view, context, from - start)
        : frictionRule(type)(source, context);
    for (const found of detected) {
      if (fresh.has(found.touchpointId) && !byId.has(found.id)) byId.set(found.id, found);
    }
  }
  const position = new Map(steps.slice(from).map((s, i) => [s.touchpointId, from + i]));
  return sortOccurrences([...byId.values()], position);
}

/**
 * What detectFrictions finds anew when an in-order extension turned `before` into `after`: the
 * occurrences at its new steps, or, when the watermark closed it without any, its abandonment.
 */
export function detectFrictionsOfChange(
  before: JourneyInstance | null,
  after: JourneyInstance,
  context: FrictionContext,
): FrictionOccurrence[] {
  const from = before?.steps.length ?? 0;
  if (from < after.steps.length) return detectFrictionsFrom(after, from, context);
  return after.status === 'abandoned' && before?.status !== 'abandoned'
    ? abandonments(after, context)
    : [];
}
