import { Accumulator, FirstOccurrences } from './contribution-accumulator';
import {
  ALL_CHANNELS,
  Contributions,
  counterKey,
  emptyContributions,
  END_STEP,
  INSTANCES_METRIC_PREFIX,
  METRICS,
  STAGE_METRIC_PREFIX,
  STEP_INSTANCES_METRIC_PREFIX,
  START_STEP,
  utcDay,
  VARIANT_METRIC_PREFIX,
} from './contribution-keys';
import { InstanceStep, JourneyInstance, JourneyRules } from './types';
import { stepSequenceOf, variantIdOf } from './variant-id';

/**
 * What one customer's instances of one journey add to the journey's aggregate map.
 *
 * The map is a sum of per-customer contributions, so when a customer's touchpoints change (late or
 * out-of-order events) the projector re-segments that customer, subtracts the old contributions
 * and adds the new ones (diffContributions). Everything here is therefore a plain additive count.
 *
 * Counters: `${day}|${channel}|${metric}|${key}` -> count. day is the UTC day of the relevant
 * touchpoint; every counter goes to channel '*' and to the concrete channel it belongs to, so a
 * query for one channel and an unfiltered one are both plain sums over days.
 * - `instances:<status>` ('')  1 per instance on its start day, for '*' and each channel it used.
 * - `node` (step)              1 per step occurrence.
 * - `node_failures` (step)     1 per step occurrence whose outcome is 'failure'.
 * - `node_customers` (step)    1 per customer and step, on the day of the customer's first
 *                              occurrence of the step ('*'), and per channel on the first day the
 *                              customer did it on that channel. Distinct customers over a period
 *                              are thus "counted on their first day" and stay additive.
 * - `customers` ('')           1 per customer on the day of their first touchpoint ('*'), and per
 *                              channel on their first day on that channel.
 * - `stage:<stage>` (step)     1 per step occurrence that has a stage: the reader shows a node's
 *                              most frequent stage.
 * - `edge` (from\u0001to)      1 per pair of consecutive steps of an instance, from '__start__' to
 *                              the first step, and from the last step to '__end__' when the instance
 *                              is completed, failed or abandoned; on the day and channel of the
 *                              `to` touchpoint (the last one for '__end__').
 * - `edge_simultaneous` (edge) 1 per move between consecutive steps of an instance that have the
 *                              same occurredAt (sincePreviousMs 0), like `edge`: their order is
 *                              arbitrary, so readers do not class such moves as moves back.
 * - `edge_instances` (edge)    1 per instance and edge, on the day of the edge's first occurrence
 *                              in the instance ('*'; per channel: its first occurrence there).
 * - `switch` (from\u0001to channel) consecutive steps of an instance on different channels, on
 *                              the day and channel of the later touchpoint.
 * - `step_instances:<status>` (step)  1 per instance and step it went through, by the instance's
 *                              status, like `edge_instances`: friction impact compares the
 *                              completion of instances that passed a step with and without friction.
 * - `funnel` (stage)           for journeys with stages: 1 per instance and defined stage reached
 *                              (some step of the instance has that stage), like `instances`.
 * - `funnel_drop` (stage)      1 per instance that reached the stage but not the next defined one
 *                              (for the last stage: is not completed), like `funnel`. Counted per
 *                              instance: the difference of two stages' `funnel` is not it (an
 *                              instance may skip a stage).
 * - `variant:<status>` (variant id)  1 per closed (completed, failed, abandoned) instance, like
 *                              `instances`; the id is variantIdOf its step sequence (none for an
 *                              active instance, which is never hashed). `variants` maps each id
 *                              named to its steps.
 * Durations: `${day}|${channel}|${from}\u0001${to}` -> the sincePreviousMs of every real edge (not
 * '__start__'/'__end__'), on the day and channel of the `to` touchpoint, sorted ascending; and,
 * under variantDurationKey, each closed instance's lastActivityAt - startedAt, like its `variant:`.
 */
export function contributionsOf(
  instances: readonly JourneyInstance[],
  rules: JourneyRules,
): Contributions {
  const out = addContributions(instances, rules, emptyContributions());
  // Sample lists are multisets: sorted, so equal inputs give equal outputs.
  for (const list of out.durations.values()) if (list.length > 1) list.sort((a, b) => a - b);
  return out;
}

/**
 * Adds one customer's contributions to `into` (a sum over many customers, as a rebuild builds
 * it without a map per customer); sample lists are left unsorted.
 */
export function addContributions(
  instances: readonly JourneyInstance[],
  rules: JourneyRules,
  into: Contributions,
  options: { readonly pairFirsts?: boolean } = {},
): Contributions {
  const acc = new Accumulator(into);
  const keys = acc.keys;
  const firsts = new FirstOccurrences();
  const definedStages = new Set(rules.stages);
  const nextStage = new Map(rules.stages.map((st, i) => [st, rules.stages[i + 1] ?? null]));

  for (const instance of instances) {
    const edgeFirsts = new FirstOccurrences();
    const stepInstancesMetric = keys.join(STEP_INSTANCES_METRIC_PREFIX, instance.status);
    countInstance(acc, instance, definedStages, nextStage);

    instance.steps.forEach((step, i) => {
      const previous = i === 0 ? null : instance.steps[i - 1];
      const edge = countStep(acc, step, previous);
      if (options.pairFirsts !== false) {
        firsts.see(instance.customerId, METRICS.nodeCustomers, step.step, step);
        firsts.see(instance.customerId, METRICS.customers, '', step);
      }
      edgeFirsts.see('', METRICS.edgeInstances, edge, step);
      edgeFirsts.see('', stepInstancesMetric, step.step, step);
    });

    const last = instance.steps[instance.steps.length - 1];
    if (last && instance.status !== 'active') {
      const edge = keys.edge(last.step, END_STEP);
      acc.count(utcDay(last.occurredAt), last.channel, METRICS.edge, edge);
      edgeFirsts.see('', METRICS.edgeInstances, edge, last);
    }
    edgeFirsts.emit(acc);
  }
  firsts.emit(acc);
  return into;
}

/**
 * The plain counts and the duration sample of one step (after `previous` in its instance);
 * returns its edge's key.
 */
export function countStep(acc: Accumulator, step: InstanceStep, previous: InstanceStep | null) {
  const keys = acc.keys;
  const day = utcDay(step.occurredAt);
  acc.count(day, step.channel, METRICS.node, step.step);
  if (step.outcome === 'failure') acc.count(day, step.channel, METRICS.nodeFailures, step.step);
  if (step.stage !== null) {
    acc.count(day, step.channel, keys.join(STAGE_METRIC_PREFIX, step.stage), step.step);
  }
  const edge = keys.edge(previous ? previous.step : START_STEP, step.step);
  acc.count(day, step.channel, METRICS.edge, edge);
  if (previous && step.sincePreviousMs === 0) {
    acc.count(day, step.channel, METRICS.edgeSimultaneous, edge);
  }
  if (previous) {
    acc.duration(day, step.channel, edge, step.sincePreviousMs ?? 0);
    if (previous.channel !== step.channel) {
      acc.count(day, step.channel, METRICS.switch, keys.edge(previous.channel, step.channel));
    }
  }
  return edge;
}

/** The counters of an instance as a whole: on its start day, for '*' and each channel it used. */
export function countInstance(
  acc: Accumulator,
  instance: JourneyInstance,
  definedStages: ReadonlySet<string>,
  nextStage: ReadonlyMap<string, string | null>,
): void {
  const startDay = utcDay(instance.startedAt);
  const usedChannels = [...new Set(instance.steps.map((s) => s.channel))];
  acc.countEach(
    startDay,
    usedChannels,
    acc.keys.join(INSTANCES_METRIC_PREFIX, instance.status),
    '',
  );
  if (instance.status !== 'active') {
    const steps = stepSequenceOf(instance);
    const id = variantIdOf(steps);
    const metric = acc.keys.join(VARIANT_METRIC_PREFIX, instance.status);
    acc.countEach(startDay, usedChannels, metric, id);
    acc.variant(startDay, usedChannels, id, steps, instance.lastActivityAt - instance.startedAt);
  }
  const stages = new Set(instance.steps.map((s) => s.stage));
  for (const stage of stages) {
    if (stage === null || !definedStages.has(stage)) continue;
    acc.countEach(startDay, usedChannels, METRICS.funnel, stage);
    const next = nextStage.get(stage) ?? null;
    const dropped = next === null ? instance.status !== 'completed' : !stages.has(next);
    if (dropped) acc.countEach(startDay, usedChannels, METRICS.funnelDrop, stage);
  }
}

/**
 * One instance's contributions without the customer-wide first occurrences (`node_customers`,
 * `customers`), which depend on the customer's other instances: an in-order extension diffs the
 * instance it changed with this and adds the customer's new firsts with addNewFirsts.
 */
export function instanceContributions(
  instance: JourneyInstance,
  rules: JourneyRules,
): Contributions {
  const out = addContributions([instance], rules, emptyContributions(), { pairFirsts: false });
  for (const list of out.durations.values()) if (list.length > 1) list.sort((a, b) => a - b);
  return out;
}

/** What the customer-wide firsts of contributionsOf have seen: keys for addNewFirsts. */
export function pairFirstsOf(instances: readonly JourneyInstance[]): Set<string> {
  const seen = new Set<string>();
  for (const i of instances) for (const s of i.steps) addNewFirsts(seen, s, null);
  return seen;
}

/**
 * Counts `step`'s customer-wide firsts that `seen` does not hold yet, on its day, into `counters`
 * (when given), and marks them seen. Right only for steps after everything seen (in-order): an
 * earlier one would move a first to another day.
 */
export function addNewFirsts(
  seen: Set<string>,
  step: InstanceStep,
  counters: Map<string, number> | null,
): void {
  for (const [metric, key] of [
    [METRICS.nodeCustomers, step.step],
    [METRICS.customers, ''],
  ] as const) {
    for (const channel of [ALL_CHANNELS, step.channel] as const) {
      const id = `${metric}\u0001${key}\u0001${channel}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if (counters) {
        const k = counterKey(utcDay(step.occurredAt), channel, metric, key);
        counters.set(k, (counters.get(k) ?? 0) + 1);
      }
    }
  }
}
