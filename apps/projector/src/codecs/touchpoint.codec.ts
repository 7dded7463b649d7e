import { parseStreamName, TouchpointRecorded } from '@journey/events';
import { rowCodec } from './row-codec';

/** rm_touchpoints: a touchpoint as a fact of its customer (live: writeFacts; rebuild: BulkFold). */
export const touchpointCodec = rowCodec('rm_touchpoints', 'jsonb', [
  ['source_stream', 'ss', 'text'],
  ['touchpoint_id', 'tp', 'text'],
  ['customer_id', 'c', 'text'],
  ['anonymous_id', 'a', 'text'],
  ['journey', 'j', 'text'],
  ['step', 'st', 'text'],
  ['stage', 'sg', 'text'],
  ['channel', 'ch', 'text'],
  ['outcome', 'o', 'text'],
  ['occurred_at', 't', 'timestamptz'],
  ['journey_instance_id', 'ji', 'text'],
  ['arrival', 'ar', 'text'],
  // As the event holds them (personal values encrypted): read by the journey export.
  ['agent_id', 'ag', 'text'],
  ['attributes', 'at', 'jsonb'],
]);

/**
 * A touchpoint's row: filed under `customerId` (touchpointOwner); the anonymous id is kept only
 * for a touchpoint of an anonymous stream (a later link moves those rows by it).
 */
export function touchpointValues(
  stream: string,
  data: TouchpointRecorded['data'],
  customerId: string,
  arrival: string,
): unknown[] {
  return [
    stream,
    data.touchpointId,
    customerId,
    parseStreamName(stream)?.kind === 'anonymous' ? data.anonymousId : null,
    data.journey,
    data.step,
    data.stage,
    data.channel,
    data.outcome,
    data.occurredAt,
    data.journeyInstanceId,
    arrival,
    data.agentId,
    data.attributes,
  ];
}
