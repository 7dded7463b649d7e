import { partitionOf } from '@journey/event-store';
import { anonymousStream, customerStream } from '@journey/events';

/**
 * One partition of the journeys projection: the events of the streams that hash to `index` of
 * `count` (the store's partitionOf), and the (customer, journey) pairs those streams own.
 * - A customer's pairs belong to the partition of the customer's stream.
 * - An anonymous id's pairs belong to the partition of its stream until it is linked; its facts
 *   then move to the customer's pairs (the partition that reads the link hands them over).
 */
export interface PartitionScope {
  readonly count: number;
  readonly index: number;
}

/** The whole projection as one partition. */
export const SINGLE_PARTITION: PartitionScope = { count: 1, index: 0 };

/** The partition that owns a customer's pairs. */
export function customerPartition(scope: PartitionScope, customerId: string): number {
  return scope.count === 1 ? 0 : partitionOf(customerStream(customerId), scope.count);
}

/** The partition that owns an anonymous id's pairs while it is not linked. */
export function anonymousPartition(scope: PartitionScope, anonymousId: string): number {
  return scope.count === 1 ? 0 : partitionOf(anonymousStream(anonymousId), scope.count);
}

/**
 * The partition owning the pair a fact belongs to: the partition of the stream it was recorded in
 * when it is that stream's owner's own fact, else (an anonymous id's fact under its customer) the
 * customer's partition.
 */
export function factPartition(
  scope: PartitionScope,
  sourceStream: string,
  customerId: string,
): number {
  if (scope.count === 1) return 0;
  return sourceStream === customerStream(customerId) || sourceStream === anonymousStream(customerId)
    ? partitionOf(sourceStream, scope.count)
    : customerPartition(scope, customerId);
}
