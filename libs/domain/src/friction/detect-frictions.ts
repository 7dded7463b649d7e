import { JourneyInstance } from '../journeys/types';
import { abandonments } from './abandonment';
import { backtracks } from './backtrack';
import { channelHops } from './channel-hop';
import { failures } from './failure';
import { negativeFeedback } from './negative-feedback';
import { repeatAttempts } from './repeat-attempt';
import { repeatContacts } from './repeat-contact';
import { slowSteps } from './slow-step';
import {
  FRICTION_TYPES,
  FrictionContext,
  FrictionOccurrence,
  FrictionRule,
  FrictionType,
} from './types';

export function frictionRule(type: FrictionType): FrictionRule {
  switch (type) {
    case 'repeat_attempt':
      return repeatAttempts;
    case 'failure':
      return failures;
    case 'channel_hop':
      return channelHops;
    case 'repeat_contact':
      return repeatContacts;
    case 'slow_step':
      return slowSteps;
    case 'backtrack':
      return backtracks;
    case 'abandonment':
      return abandonments;
    case 'negative_feedback':
      return negativeFeedback;
    default: {
      const _: never = type;
      return _;
    }
  }
}

/**
 * Every friction occurrence of one journey instance: a pure function of the instance (its steps
 * in instance order, as segmentInstances gives them), its feedback, the journey's rules and
 * thresholds, and the baseline. The same inputs give the same occurrences in the same order, so
 * a rebuild finds exactly what live detection found, and a re-detection after a late event is a
 * diff by id (diffFrictions).
 *
 * Each type fires at most once per trigger (touchpoint, or feedback for negative_feedback); the
 * rules' files say exactly when. Order: occurredAt, then the attributed touchpoint's position in
 * the instance, then FRICTION_TYPES order, then triggerId, then id.
 */
export function detectFrictions(
  instance: JourneyInstance,
  context: FrictionContext,
): FrictionOccurrence[] {
  const position = new Map(instance.steps.map((s, i) => [s.touchpointId, i]));
  const byId = new Map<string, FrictionOccurrence>();
  for (const type of FRICTION_TYPES) {
    for (const found of frictionRule(type)(instance, context)) {
      // Only two steps sharing a touchpoint id (from two streams of one customer) can collide.
      if (!byId.has(found.id)) byId.set(found.id, found);
    }
  }
  return sortOccurrences([...byId.values()], position);
}

/** detectFrictions' order; `position`: each touchpoint's index in its instance. */
export function sortOccurrences(
  list: FrictionOccurrence[],
  position: ReadonlyMap<string, number>,
): FrictionOccurrence[] {
  return list.sort(
    (a, b) =>
      a.occurredAt - b.occurredAt ||
      (position.get(a.touchpointId) ?? 0) - (position.get(b.touchpointId) ?? 0) ||
      (typeRank.get(a.type) ?? 0) - (typeRank.get(b.type) ?? 0) ||
      compareStrings(a.triggerId, b.triggerId) ||
      compareStrings(a.id, b.id),
  );
}

const typeRank = new Map(FRICTION_TYPES.map((t, i) => [t, i]));

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
