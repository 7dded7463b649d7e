import { deterministicEventId } from '@journey/events';
import { InstanceStep, JourneyInstance } from '../journeys/types';
import { FrictionDetail, FrictionOccurrence, FrictionType } from './types';

/**
 * The stable id of an occurrence: a name-based UUID of (customer, journey, instance, type,
 * trigger). Instance ids are unique per customer and journey only, hence all five. The same
 * pattern found again (a rebuild, a re-detection after a late event) gets the same id, so storing
 * occurrences is an upsert and a re-detection a diff by id.
 */
export function frictionId(
  instance: Pick<JourneyInstance, 'customerId' | 'journey' | 'instanceId'>,
  type: FrictionType,
  triggerId: string,
): string {
  return deterministicEventId(
    'friction',
    instance.customerId,
    instance.journey,
    instance.instanceId,
    type,
    triggerId,
  );
}

export interface OccurrenceInput {
  /** Where it fired: its step, stage, channel and (unless occurredAt is given) time. */
  readonly at: InstanceStep;
  readonly touchpointIds: readonly string[];
  readonly detail: FrictionDetail;
  /** For feedback: the feedback id is the trigger and its time the occurrence's. */
  readonly feedback?: { readonly feedbackId: string; readonly occurredAt: number };
}

/** Builds an occurrence; its type is the detail's, so the two cannot disagree. */
export function occurrenceOf(
  instance: JourneyInstance,
  input: OccurrenceInput,
): FrictionOccurrence {
  const { at, feedback, detail } = input;
  const triggerId = feedback?.feedbackId ?? at.touchpointId;
  return {
    id: frictionId(instance, detail.type, triggerId),
    type: detail.type,
    journey: instance.journey,
    customerId: instance.customerId,
    instanceId: instance.instanceId,
    triggerId,
    touchpointId: at.touchpointId,
    step: at.step,
    stage: at.stage,
    channel: at.channel,
    occurredAt: feedback?.occurredAt ?? at.occurredAt,
    touchpointIds: input.touchpointIds,
    feedbackId: feedback?.feedbackId ?? null,
    detail,
  };
}
