import { compareFacts, terminalStatusOf } from './segmentation';
import {
  InstanceStatus,
  InstanceStep,
  JourneyInstance,
  JourneyRules,
  TouchpointFact,
} from './types';

/**
 * Where a (customer, journey)'s facts end, in segmentInstances' total order: what an in-order
 * extension needs besides the instances themselves.
 */
export interface PairTail {
  /** The last fact of the pair (null: none). */
  readonly last: TouchpointFact | null;
  /** The auto instance the last auto fact belongs to (the one a new auto fact may extend). */
  readonly openAutoId: string | null;
}

/**
 * The tail of facts segmented into `instances` (as segmentInstances gave them). Null when two
 * facts share a touchpoint id: their steps are then told apart by position only, which an
 * extension does not track.
 */
export function tailOf(
  facts: readonly TouchpointFact[],
  instances: readonly JourneyInstance[],
): PairTail | null {
  let last: TouchpointFact | null = null;
  let lastAuto: TouchpointFact | null = null;
  const ids = new Set<string>();
  for (const f of facts) {
    if (ids.has(f.touchpointId)) return null;
    ids.add(f.touchpointId);
    if (last === null || compareFacts(f, last) > 0) last = f;
    if (f.journeyInstanceId === null && (lastAuto === null || compareFacts(f, lastAuto) > 0))
      lastAuto = f;
  }
  const open =
    lastAuto === null
      ? null
      : instances.find(
          (i) =>
            i.instanceId.startsWith('auto:') &&
            i.steps[i.steps.length - 1]?.touchpointId === lastAuto.touchpointId,
        );
  return { last, openAutoId: open?.instanceId ?? null };
}

export interface Extension {
  /** Every instance of the pair, ordered as segmentInstances orders them. */
  readonly instances: JourneyInstance[];
  /** The instances that changed or are new, as they are now, with what they were (or null). */
  readonly changed: { readonly before: JourneyInstance | null; readonly after: JourneyInstance }[];
  readonly tail: PairTail;
}

/**
 * segmentInstances(oldFacts + facts) computed from segmentInstances(oldFacts), when every one of
 * `facts` comes after all of oldFacts in the total order (compareFacts): the new facts extend the
 * open auto instance or their explicit instance, or open new ones, and nothing before them moves.
 *
 * An untouched active instance that the watermark has made overdue is abandoned, as segmenting
 * would: so `facts` may be empty (a sweep of overdue instances).
 *
 * Null when the result would change anything beyond that, so the caller recomputes the pair from
 * all its facts: a fact not after the tail, a touchpoint id the pair already holds, or an extended
 * instance that was abandoned (reviving it removes its abandonment).
 */
export function extendInstances(
  instances: readonly JourneyInstance[],
  tail: PairTail,
  facts: readonly TouchpointFact[],
  rules: JourneyRules,
  watermark: number,
  knownTouchpoints: ReadonlySet<string>,
): Extension | null {
  const ordered = [...facts].sort(compareFacts);
  if (ordered.length > 0 && tail.last !== null && compareFacts(ordered[0], tail.last) <= 0)
    return null;
  const seen = new Set<string>();
  for (const f of ordered) {
    if (knownTouchpoints.has(f.touchpointId) || seen.has(f.touchpointId)) return null;
    seen.add(f.touchpointId);
  }
  const byId = new Map(instances.map((i) => [i.instanceId, i]));
  const groups = new Map<string, TouchpointFact[]>();
  let openAutoId = tail.openAutoId;
  for (const fact of ordered) {
    let id = fact.journeyInstanceId;
    // An explicit id in the auto namespace would share a key with an auto instance.
    if (id?.startsWith('auto:')) return null;
    if (id === null) {
      const open = openAutoId === null ? undefined : byId.get(openAutoId);
      const pending = openAutoId === null ? undefined : groups.get(openAutoId);
      const lastStep = pending?.[pending.length - 1] ?? open?.steps[open.steps.length - 1];
      if (lastStep === undefined || startsNew(lastStep, fact, rules)) {
        openAutoId = `auto:${fact.touchpointId}`;
        if (byId.has(openAutoId)) return null;
      }
      id = openAutoId!;
    }
    const group = groups.get(id);
    if (group) group.push(fact);
    else groups.set(id, [fact]);
  }
  const changed: Extension['changed'][number][] = [];
  for (const [id, group] of groups) {
    const before = byId.get(id) ?? null;
    if (before?.status === 'abandoned') return null;
    const after = extended(before, id, group, rules, watermark);
    byId.set(id, after);
    changed.push({ before, after });
  }
  for (const i of instances) {
    if (groups.has(i.instanceId) || i.status !== 'active') continue;
    if (watermark - i.lastActivityAt <= rules.abandonAfterMs) continue;
    // Its steps stay the same objects: appendedContributions diffs it as closed without steps.
    const after: JourneyInstance = { ...i, status: 'abandoned' };
    byId.set(i.instanceId, after);
    changed.push({ before: i, after });
  }
  const all = [...byId.values()].sort(
    (a, b) => a.startedAt - b.startedAt || compareStrings(a.instanceId, b.instanceId),
  );
  const last = ordered.length > 0 ? ordered[ordered.length - 1] : tail.last;
  return { instances: all, changed, tail: { last, openAutoId } };
}

function startsNew(
  last: { step: string; occurredAt: number },
  next: TouchpointFact,
  rules: JourneyRules,
) {
  if (terminalStatusOf(last.step, rules) !== null) return true;
  return next.occurredAt - last.occurredAt > rules.abandonAfterMs;
}

/** The instance with `group` appended, as toInstance in segmentation would build it. */
function extended(
  before: JourneyInstance | null,
  instanceId: string,
  group: readonly TouchpointFact[],
  rules: JourneyRules,
  watermark: number,
): JourneyInstance {
  const steps: InstanceStep[] = before ? [...before.steps] : [];
  for (const fact of group) {
    const previous = steps[steps.length - 1];
    steps.push({
      touchpointId: fact.touchpointId,
      step: fact.step,
      stage: fact.stage ?? rules.stageOfStep.get(fact.step) ?? null,
      channel: fact.channel,
      outcome: fact.outcome,
      occurredAt: fact.occurredAt,
      sincePreviousMs: previous === undefined ? null : fact.occurredAt - previous.occurredAt,
    });
  }
  const last = steps[steps.length - 1];
  return {
    journey: group[0].journey,
    instanceId,
    customerId: before?.customerId ?? group[0].customerId,
    status: statusAfter(before?.status ?? null, group, rules, watermark, last.occurredAt),
    startedAt: steps[0].occurredAt,
    lastActivityAt: last.occurredAt,
    steps,
  };
}

function statusAfter(
  before: InstanceStatus | null,
  group: readonly TouchpointFact[],
  rules: JourneyRules,
  watermark: number,
  lastActivityAt: number,
): InstanceStatus {
  // The first terminal step decides: one already passed stays decisive.
  if (before === 'completed' || before === 'failed') return before;
  for (const fact of group) {
    const terminal = terminalStatusOf(fact.step, rules);
    if (terminal !== null) return terminal;
  }
  return watermark - lastActivityAt > rules.abandonAfterMs ? 'abandoned' : 'active';
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
