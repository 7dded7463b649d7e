import { FrictionOccurrenceJson } from '@journey/read-models';

/** A row of rm_friction_occurrences. */
export interface OccurrenceRow {
  id: string;
  customer_id: string;
  journey: string;
  instance_id: string;
  type: FrictionOccurrenceJson['type'];
  touchpoint_id: string;
  step: string;
  stage: string | null;
  channel: string;
  occurred_at: Date;
  touchpoint_ids: string[];
  feedback_id: string | null;
  detail: FrictionOccurrenceJson['detail'];
}

export function occurrenceJsonOf(r: OccurrenceRow): FrictionOccurrenceJson {
  return {
    id: r.id,
    type: r.type,
    journey: r.journey,
    customerId: r.customer_id,
    instanceId: r.instance_id,
    touchpointId: r.touchpoint_id,
    step: r.step,
    stage: r.stage,
    channel: r.channel,
    occurredAt: r.occurred_at.toISOString(),
    touchpointIds: r.touchpoint_ids,
    feedbackId: r.feedback_id,
    detail: r.detail,
  };
}
