import { FrictionOccurrence } from '@journey/domain';

/**
 * A friction occurrence as the API, the SSE stream and webhooks show it (one shape everywhere:
 * the feed stores it as its payload).
 */
export interface FrictionOccurrenceJson {
  readonly id: string;
  readonly type: FrictionOccurrence['type'];
  readonly journey: string;
  readonly customerId: string;
  readonly instanceId: string;
  readonly touchpointId: string;
  readonly step: string;
  readonly stage: string | null;
  readonly channel: string;
  /** ISO-8601 UTC. */
  readonly occurredAt: string;
  readonly touchpointIds: readonly string[];
  readonly feedbackId: string | null;
  readonly detail: FrictionOccurrence['detail'];
}

export function frictionOccurrenceJson(o: FrictionOccurrence): FrictionOccurrenceJson {
  return {
    id: o.id,
    type: o.type,
    journey: o.journey,
    customerId: o.customerId,
    instanceId: o.instanceId,
    touchpointId: o.touchpointId,
    step: o.step,
    stage: o.stage,
    channel: o.channel,
    occurredAt: new Date(o.occurredAt).toISOString(),
    touchpointIds: o.touchpointIds,
    feedbackId: o.feedbackId,
    detail: o.detail,
  };
}
