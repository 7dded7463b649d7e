import { WrongExpectedVersionError } from '../errors';
import {
  AppendResult,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  RecordedEvent,
} from '../event-store.port';

/**
 * The events of the in-memory store: the global log and each stream's share of it. Each append is
 * one "transaction": its events get consecutive positions (commit, prepare), and the global order
 * is the order of appends.
 */
export class InMemoryStreams {
  readonly log: RecordedEvent[] = [];
  readonly streams = new Map<string, RecordedEvent[]>();
  /** Per stream, its events by id (lower case, as stored). */
  readonly ids = new Map<string, Map<string, RecordedEvent>>();
  private sequence = 0n;

  constructor(
    private readonly now: () => Date,
    private readonly appended: () => void,
  ) {}

  /** One stream's append, all or nothing: a conflict is returned, not thrown. */
  append(
    stream: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): AppendResult | WrongExpectedVersionError {
    const existing = this.streams.get(stream) ?? [];
    const held = this.ids.get(stream) ?? new Map<string, RecordedEvent>();
    const dups = events.filter((e) => held.has(e.id.toLowerCase()));
    // A pure retry reports the original, whatever the stream did since (as the other adapters).
    if (dups.length > 0 && dups.length === events.length) {
      const original = dups
        .map((e) => held.get(e.id.toLowerCase())!)
        .reduce((a, b) => (a.revision > b.revision ? a : b));
      return {
        nextRevision: original.revision,
        position: original.position,
        duplicateIds: dups.map((e) => e.id.toLowerCase()),
      };
    }
    const current = existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1);
    if (!matches(expected, current))
      return new WrongExpectedVersionError(stream, expected, current);
    const commit = ++this.sequence;
    const recordedAt = this.now();
    const fresh = events.filter((e) => !held.has(e.id.toLowerCase()));
    const recorded = fresh.map((e, i): RecordedEvent => ({
      stream,
      revision: BigInt(existing.length + i),
      position: { commit, prepare: BigInt(i) },
      id: e.id.toLowerCase(),
      type: e.type,
      data: jsonCopy(e.data),
      metadata: jsonCopy(e.metadata ?? {}),
      recordedAt,
    }));
    this.streams.set(stream, existing);
    this.ids.set(stream, held);
    for (const e of recorded) held.set(e.id, e);
    existing.push(...recorded);
    this.log.push(...recorded);
    this.appended();
    const last = recorded[recorded.length - 1];
    return {
      nextRevision: last.revision,
      position: last.position,
      duplicateIds: dups.map((e) => e.id.toLowerCase()),
    };
  }
}

function matches(expected: ExpectedRevision, current: bigint | 'no_stream'): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === 'no_stream';
  if (expected === 'stream_exists') return current !== 'no_stream';
  return expected === current;
}

/** As a store's JSON column gives it back: a copy, undefined members dropped. */
const jsonCopy = (o: JsonObject): JsonObject => JSON.parse(JSON.stringify(o)) as JsonObject;
