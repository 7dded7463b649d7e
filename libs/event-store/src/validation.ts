import { InvalidAppendError } from './errors';
import { EventToAppend, ReadAllOptions, StreamStateRequest } from './event-store.port';
import { MAX_PARTITIONS } from './partition';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_STREAM_NAME = 512;

/** Checks shared by every adapter, so both reject the same input the same way. */
export function validateAppend(stream: string, events: readonly EventToAppend[]): void {
  if (typeof stream !== 'string' || stream.length === 0 || stream.length > MAX_STREAM_NAME) {
    throw new InvalidAppendError(`Stream name must be 1-${MAX_STREAM_NAME} characters`);
  }
  if (stream.startsWith('$'))
    throw new InvalidAppendError('Stream names starting with $ are reserved');
  if (events.length === 0) throw new InvalidAppendError('Append needs at least one event');
  const seen = new Set<string>();
  for (const e of events) {
    if (!UUID.test(e.id)) throw new InvalidAppendError(`Event id "${e.id}" is not a UUID`);
    const id = e.id.toLowerCase();
    if (seen.has(id)) throw new InvalidAppendError(`Event id ${e.id} appears twice in one append`);
    seen.add(id);
    if (!e.type) throw new InvalidAppendError('Event type is required');
  }
}

/** Every stream once, each append valid. */
export function validateMultiAppend(
  appends: readonly { stream: string; events: readonly EventToAppend[] }[],
): void {
  const streams = new Set<string>();
  for (const a of appends) {
    if (streams.has(a.stream))
      throw new InvalidAppendError(`Stream "${a.stream}" appears twice in one multi-stream append`);
    streams.add(a.stream);
    validateAppend(a.stream, a.events);
  }
}

/** Requests of readStreamStates: ids are UUIDs (a store would fail on another), streams named. */
export function validateStreamStates(requests: readonly StreamStateRequest[]): void {
  for (const r of requests) {
    if (typeof r.stream !== 'string' || r.stream.length === 0)
      throw new InvalidAppendError('Stream name must not be empty');
    for (const id of r.eventIds)
      if (!UUID.test(id)) throw new InvalidAppendError(`Event id "${id}" is not a UUID`);
  }
}

/**
 * Options of readAll and subscribeToAll. The partition's numbers become SQL literals in the
 * PostgreSQL adapter (an expression index is only matched with its literal count): integers only.
 */
export function validateReadAll(options: Pick<ReadAllOptions, 'partition'>): void {
  const partition = options.partition;
  if (partition === undefined) return;
  // Optional chaining: a null from untyped callers is refused below, not a TypeError.
  const count = partition?.count;
  const index = partition?.index;
  if (!Number.isInteger(count) || count < 1 || count > MAX_PARTITIONS) {
    throw new InvalidAppendError(`Partition count must be an integer from 1 to ${MAX_PARTITIONS}`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new InvalidAppendError(`Partition index must be an integer from 0 to ${count - 1}`);
  }
}
