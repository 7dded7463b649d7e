import { channelsOf, JourneyInstance } from '@journey/domain';
import { rowCodec } from './row-codec';

/**
 * rm_journey_instances (live: replaceInstances and the fast path's appendSteps; rebuild:
 * writeInstances).
 */
export const instanceCodec = rowCodec('rm_journey_instances', 'jsonb', [
  ['customer_id', 'c', 'text'],
  ['journey', 'j', 'text'],
  ['instance_id', 'id', 'text'],
  ['status', 's', 'text'],
  ['started_at', 'start', 'epoch_ms'],
  ['last_activity_at', 'last', 'epoch_ms'],
  ['channels', 'ch', 'text[]'],
  ['steps', 'steps', 'jsonb'],
  ['partition', 'p', 'int'],
]);

/**
 * An instance's row, owned by `partition` (the one its pair belongs to). `stepsFrom`: only its
 * steps from there on (the fast path appends them to the stored ones); the channels are always of
 * every step, in order of first use.
 */
export function instanceValues(i: JourneyInstance, partition: number, stepsFrom = 0): unknown[] {
  return [
    i.customerId,
    i.journey,
    i.instanceId,
    i.status,
    i.startedAt,
    i.lastActivityAt,
    channelsOf(i),
    stepsFrom === 0 ? i.steps : i.steps.slice(stepsFrom),
    partition,
  ];
}
