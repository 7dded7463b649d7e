import { FrictionOccurrence } from '@journey/domain';
import { rowCodec } from './row-codec';

/**
 * rm_friction_occurrences (live: insertOccurrences; rebuild: copyFrictions, whose lines
 * OccurrenceLines writes faster, equal to CopyLines' by test). json, not jsonb: the detail goes
 * in as its text, and is parsed only once, by the column.
 */
export const occurrenceCodec = rowCodec('rm_friction_occurrences', 'json', [
  ['id', 'id', 'uuid'],
  ['customer_id', 'c', 'text'],
  ['journey', 'j', 'text'],
  ['instance_id', 'i', 'text'],
  ['type', 'ty', 'text'],
  ['trigger_id', 'tr', 'text'],
  ['touchpoint_id', 'tp', 'text'],
  ['step', 'st', 'text'],
  ['stage', 'sg', 'text'],
  ['channel', 'ch', 'text'],
  ['occurred_at', 't', 'epoch_ms'],
  ['touchpoint_ids', 'tps', 'text[]'],
  ['feedback_id', 'f', 'text'],
  ['detail', 'd', 'json'],
]);

export function occurrenceValues(o: FrictionOccurrence): unknown[] {
  return [
    o.id,
    o.customerId,
    o.journey,
    o.instanceId,
    o.type,
    o.triggerId,
    o.touchpointId,
    o.step,
    o.stage,
    o.channel,
    o.occurredAt,
    o.touchpointIds,
    o.feedbackId,
    o.detail,
  ];
}
