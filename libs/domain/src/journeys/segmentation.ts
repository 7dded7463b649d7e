import {
  InstanceStatus,
  InstanceStep,
  JourneyInstance,
  JourneyRules,
  TouchpointFact,
} from './types';

/**
 * Segmentation of one customer's touchpoints of one journey into journey instances.
 *
 * The contract:
 * - Facts are taken in order of occurredAt, ties broken by arrival (fixed-width strings) and then
 *   by touchpointId, so the result does not depend on the order the facts are given in.
 * - Facts with a journeyInstanceId form exactly that instance, whatever the gaps between them.
 * - Facts without one are cut into "auto" instances (id `auto:<touchpointId of the first step>`):
 *   a new one starts after the previous one reached a goal or failure step, or when the gap since
 *   its last activity is strictly greater than abandonAfterMs.
 * - The first goal-or-failure step decides the status (a step that is both counts as a goal):
 *   'completed' or 'failed'. Without one the instance is 'abandoned' when the watermark is strictly
 *   more than abandonAfterMs past its last activity, else 'active'.
 * - Instances come out ordered by startedAt, then instanceId.
 */
export function segmentInstances(
  facts: readonly TouchpointFact[],
  rules: JourneyRules,
  watermark: number,
): JourneyInstance[] {
  const ordered = [...facts].sort(compareFacts);
  const explicit = new Map<string, TouchpointFact[]>();
  const auto: TouchpointFact[][] = [];
  let current: TouchpointFact[] | null = null;

  for (const fact of ordered) {
    if (fact.journeyInstanceId !== null) {
      const group = explicit.get(fact.journeyInstanceId);
      if (group) group.push(fact);
      else explicit.set(fact.journeyInstanceId, [fact]);
      continue;
    }
    if (current === null || startsNewInstance(current, fact, rules)) {
      current = [];
      auto.push(current);
    }
    current.push(fact);
  }

  const instances = [
    ...[...explicit].map(([id, group]) => toInstance(id, group, rules, watermark)),
    ...auto.map((group) => toInstance(`auto:${group[0].touchpointId}`, group, rules, watermark)),
  ];
  return instances.sort(
    (a, b) => a.startedAt - b.startedAt || compareStrings(a.instanceId, b.instanceId),
  );
}

/** The total order of facts: occurredAt, then arrival, then touchpointId. */
export function compareFacts(a: TouchpointFact, b: TouchpointFact): number {
  return (
    a.occurredAt - b.occurredAt ||
    compareStrings(a.arrival, b.arrival) ||
    compareStrings(a.touchpointId, b.touchpointId)
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a step ends an instance, and how: goal wins when a step is listed as both. */
export function terminalStatusOf(step: string, rules: JourneyRules): InstanceStatus | null {
  if (rules.goalSteps.has(step)) return 'completed';
  if (rules.failureSteps.has(step)) return 'failed';
  return null;
}

function startsNewInstance(
  current: readonly TouchpointFact[],
  next: TouchpointFact,
  rules: JourneyRules,
): boolean {
  const last = current[current.length - 1];
  // An auto instance ends at its first terminal step, so only its last step can be terminal.
  if (terminalStatusOf(last.step, rules) !== null) return true;
  return next.occurredAt - last.occurredAt > rules.abandonAfterMs;
}

function toInstance(
  instanceId: string,
  group: readonly TouchpointFact[],
  rules: JourneyRules,
  watermark: number,
): JourneyInstance {
  const first = group[0];
  const last = group[group.length - 1];
  const steps: InstanceStep[] = group.map((fact, i) => ({
    touchpointId: fact.touchpointId,
    step: fact.step,
    stage: fact.stage ?? rules.stageOfStep.get(fact.step) ?? null,
    channel: fact.channel,
    outcome: fact.outcome,
    occurredAt: fact.occurredAt,
    sincePreviousMs: i === 0 ? null : fact.occurredAt - group[i - 1].occurredAt,
  }));
  return {
    journey: first.journey,
    instanceId,
    customerId: first.customerId,
    status: statusOf(group, rules, watermark),
    startedAt: first.occurredAt,
    lastActivityAt: last.occurredAt,
    steps,
  };
}

function statusOf(
  group: readonly TouchpointFact[],
  rules: JourneyRules,
  watermark: number,
): InstanceStatus {
  for (const fact of group) {
    const terminal = terminalStatusOf(fact.step, rules);
    if (terminal !== null) return terminal;
  }
  const lastActivityAt = group[group.length - 1].occurredAt;
  return watermark - lastActivityAt > rules.abandonAfterMs ? 'abandoned' : 'active';
}
