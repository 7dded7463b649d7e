import {
  ANY,
  AppendExpectedRevision,
  ErrorType,
  EventData,
  Filter,
  NO_STREAM,
  ReadPosition,
  START as CLIENT_START,
  STREAM_EXISTS,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, WrongExpectedVersionError } from '../errors';
import { EventToAppend, ExpectedRevision, JsonObject, RecordedEvent } from '../event-store.port';
import { Position, START, comparePositions } from '../position';

/**
 * Pure translations between the port and `@eventstore/db-client`, kept apart from the adapter so
 * they can be unit-tested without a server.
 */

/** The parts of the client's recorded event the port needs (JSON and binary events both fit). */
export interface ClientRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly data: unknown;
  readonly metadata?: unknown;
  readonly position?: { readonly commit: bigint; readonly prepare: bigint };
}

/** The client's resolved event: `event` is missing for an unresolved link. */
export interface ClientResolvedEvent {
  readonly event?: ClientRecord;
}

/** What servers older than 22.6 report instead of a position on stream reads. */
const UNKNOWN_POSITION = 2n ** 64n - 1n;

export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (typeof expected !== 'bigint') {
        throw new RangeError(`Unknown expectedRevision ${String(expected)}`);
      }
      if (expected < 0n) throw new RangeError('expectedRevision must be >= 0');
      return expected;
  }
}

/** Our START ({0,0}) is the client's START; any other position is passed through. */
export function toClientReadPosition(position: Position | undefined): ReadPosition {
  if (!position || comparePositions(position, START) === 0) return CLIENT_START;
  return { commit: position.commit, prepare: position.prepare };
}

/**
 * `fromPosition` is exclusive in the port. EventStoreDB reads of $all include the event AT the
 * start position (catch-up subscriptions exclude it), so every reader keeps only events strictly
 * after the position it started from.
 */
export function isAfter(position: Position, from: Position): boolean {
  return comparePositions(position, from) > 0;
}

/** Stream prefixes as a list, or null for "no filter" (undefined or an empty list). */
export function normalizePrefixes(prefix?: string | readonly string[]): string[] | null {
  if (prefix === undefined) return null;
  const list = typeof prefix === 'string' ? [prefix] : [...prefix];
  return list.length === 0 ? null : list;
}

/** System events ($stats, $metadata, links "$>", ...) are never delivered. */
export function isSystemEvent(stream: string, type: string): boolean {
  return stream.startsWith('$') || type.startsWith('$');
}

export function matchesPrefixes(stream: string, prefixes: readonly string[] | null): boolean {
  return prefixes === null || prefixes.some((p) => stream.startsWith(p));
}

/** Whether a readAll/subscription reader delivers this event. */
export function isVisible(event: RecordedEvent, prefixes: readonly string[] | null): boolean {
  return !isSystemEvent(event.stream, event.type) && matchesPrefixes(event.stream, prefixes);
}

/** Server-side filter of a subscription: the stream prefixes, else "no system events". */
export function subscriptionFilter(prefixes: readonly string[] | null): Filter {
  return prefixes === null ? excludeSystemEvents() : streamNameFilter({ prefixes: [...prefixes] });
}

export function toEventData(event: EventToAppend): EventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata ?? {},
  });
}

/**
 * The port's event, or null for an unresolved link. Data and metadata are JSON objects; anything
 * else (never written by this adapter) maps to {}. A position the server did not report (stream
 * reads on servers older than 22.6) maps to START.
 */
export function toRecordedEvent(resolved: ClientResolvedEvent): RecordedEvent | null {
  const e = resolved.event;
  if (!e) return null;
  const known = e.position && e.position.commit !== UNKNOWN_POSITION;
  return {
    stream: e.streamId,
    revision: BigInt(e.revision),
    position: known ? { commit: e.position!.commit, prepare: e.position!.prepare } : START,
    id: e.id,
    type: e.type,
    data: toJsonObject(e.data),
    metadata: toJsonObject(e.metadata),
    recordedAt: e.created,
  };
}

export function toJsonObject(value: unknown): JsonObject {
  if (value instanceof Uint8Array) {
    try {
      return toJsonObject(JSON.parse(Buffer.from(value).toString('utf8')));
    } catch {
      return {};
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return value as JsonObject;
  }
  return {};
}

/** The client's error `type` (a CommandError), if any. */
function errorType(err: unknown): string | undefined {
  const type = (err as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}

export function isStreamNotFound(err: unknown): boolean {
  return errorType(err) === ErrorType.STREAM_NOT_FOUND;
}

const UNAVAILABLE_TYPES = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
]);

/**
 * Translates the client's errors into the port's: WrongExpectedVersion (its `actualVersion` is a
 * bigint or "no_stream") and connection failures; anything else is returned unchanged.
 */
export function toStoreError(err: unknown, stream?: string, expected?: ExpectedRevision): unknown {
  const type = errorType(err);
  if (type === ErrorType.WRONG_EXPECTED_VERSION) {
    const e = err as { streamName?: string; actualVersion?: unknown };
    const actual = typeof e.actualVersion === 'bigint' ? e.actualVersion : 'no_stream';
    return new WrongExpectedVersionError(stream ?? e.streamName ?? '', expected ?? 'any', actual);
  }
  if (type !== undefined && UNAVAILABLE_TYPES.has(type)) {
    const message = (err as Error).message;
    return new EventStoreUnavailableError(`EventStoreDB unreachable (${type}): ${message}`, err);
  }
  return err;
}
