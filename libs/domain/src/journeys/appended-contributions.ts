import { Accumulator } from './contribution-accumulator';
import {
  ALL_CHANNELS,
  ChannelKey,
  emptyContributions,
  END_STEP,
  METRICS,
  START_STEP,
  STEP_INSTANCES_METRIC_PREFIX,
  utcDay,
} from './contribution-keys';
import { ContributionsDiff, diffContributions } from './contributions-diff';
import { countInstance, countStep } from './map-contributions';
import { JourneyInstance, JourneyRules } from './types';

/**
 * instanceContributions(after) - instanceContributions(before) for an active instance that only
 * gained steps at its end, in time, and may have closed with them: the new steps' own counts, the
 * per-instance firsts none of the earlier steps had, the (small) change of its whole-instance
 * counters and, when it closed, its step firsts moved from 'active' to its status and its end
 * edge. One pass over the instance, where the full diff builds and compares both instances'
 * contributions. Null when it does not apply (the caller diffs in full).
 */
export function appendedContributions(
  before: JourneyInstance,
  after: JourneyInstance,
  rules: JourneyRules,
): ContributionsDiff | null {
  if (before.status !== 'active') return null;
  const n = before.steps.length;
  if (after.steps.length < n || after.steps[n - 1] !== before.steps[n - 1]) return null;
  const added = emptyContributions();
  const acc = new Accumulator(added);
  const closed = after.status !== 'active';
  const activeFirsts = acc.keys.join(STEP_INSTANCES_METRIC_PREFIX, 'active');
  const stepFirsts = acc.keys.join(STEP_INSTANCES_METRIC_PREFIX, after.status);
  const steps = after.steps;
  const edgeOf = (j: number) =>
    acc.keys.edge(j === 0 ? START_STEP : steps[j - 1].step, steps[j].step);
  // What the instance's steps so far used, overall and per channel: one pass, not one per new step.
  const edgesSeen = new Map<ChannelKey, Set<string>>();
  const stepsSeen = new Map<ChannelKey, Set<string>>();
  const firstOf = (seen: Map<ChannelKey, Set<string>>, channel: ChannelKey, key: string) => {
    let set = seen.get(channel);
    if (!set) seen.set(channel, (set = new Set()));
    if (set.has(key)) return false;
    set.add(key);
    return true;
  };
  for (let j = 0; j < steps.length; j++) {
    const step = steps[j];
    const old = j < n;
    const edge = old ? edgeOf(j) : countStep(acc, step, j === 0 ? null : steps[j - 1]);
    const day = old && !closed ? '' : utcDay(step.occurredAt);
    for (const channel of [ALL_CHANNELS, step.channel] as ChannelKey[]) {
      const newEdge = firstOf(edgesSeen, channel, edge);
      const newStep = firstOf(stepsSeen, channel, step.step);
      if (old) {
        // Closing moves the instance's step firsts from 'active' to its status.
        if (closed && newStep) {
          acc.countOnce(day, channel, stepFirsts, step.step);
          const key = acc.keys.counter(day, channel, activeFirsts, step.step);
          added.counters.set(key, (added.counters.get(key) ?? 0) - 1);
        }
        continue;
      }
      if (newEdge) acc.countOnce(day, channel, METRICS.edgeInstances, edge);
      if (newStep) acc.countOnce(day, channel, stepFirsts, step.step);
    }
  }
  const last = steps[steps.length - 1];
  if (closed) {
    const edge = acc.keys.edge(last.step, END_STEP);
    const day = utcDay(last.occurredAt);
    acc.count(day, last.channel, METRICS.edge, edge);
    acc.countOnce(day, ALL_CHANNELS, METRICS.edgeInstances, edge);
    acc.countOnce(day, last.channel, METRICS.edgeInstances, edge);
  }
  const definedStages = new Set(rules.stages);
  const nextStage = new Map(rules.stages.map((st, i) => [st, rules.stages[i + 1] ?? null]));
  const wholeBefore = emptyContributions();
  const wholeAfter = emptyContributions();
  countInstance(new Accumulator(wholeBefore), before, definedStages, nextStage);
  countInstance(new Accumulator(wholeAfter), after, definedStages, nextStage);
  const whole = diffContributions(wholeBefore, wholeAfter);
  for (const [key, delta] of whole.counters) {
    const value = (added.counters.get(key) ?? 0) + delta;
    if (value === 0) added.counters.delete(key);
    else added.counters.set(key, value);
  }
  for (const [key, value] of added.counters) if (value === 0) added.counters.delete(key);
  // Closing adds the variant's duration samples (before was active: it had none to remove).
  for (const [key, list] of whole.durationsAdded) added.durations.set(key, list);
  for (const list of added.durations.values()) if (list.length > 1) list.sort((a, b) => a - b);
  return {
    counters: added.counters,
    durationsAdded: added.durations,
    durationsRemoved: whole.durationsRemoved,
    variants: whole.variants,
  };
}
