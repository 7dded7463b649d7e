import { WrongExpectedVersionError } from '../errors';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamHeadsOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  StreamAppendOutcome,
  StreamHead,
  StreamState,
  StreamStateRequest,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { inPartition } from '../partition';
import { comparePositions, Position } from '../position';
import {
  validateAppend,
  validateMultiAppend,
  validateReadAll,
  validateStreamStates,
} from '../validation';
import { InMemorySubscription } from './in-memory-subscription';

const PAGE_SIZE = 2000;

/**
 * The port held in memory, for fast tests of what writes and reads events: the same contract as
 * the PostgreSQL and EventStoreDB adapters (in-memory-event-store.spec.ts), nothing persisted.
 * Each append is one "transaction": its events get consecutive positions, and the global order is
 * the order of appends. Operations yield once before acting, so concurrent callers interleave
 * (and conflict) as they would against a server.
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  /** Per stream, its events by id (lower case, as stored). */
  private readonly ids = new Map<string, Map<string, RecordedEvent>>();
  private readonly listeners = new Set<() => void>();
  private sequence = 0n;

  constructor(private readonly now: () => Date = () => new Date()) {}

  async appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    validateAppend(stream, events);
    await tick();
    const result = this.append(stream, events, options.expectedRevision ?? 'any');
    if (result instanceof WrongExpectedVersionError) throw result;
    return result;
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    validateMultiAppend(appends);
    await tick();
    return appends.map(({ stream, events, expectedRevision }) => {
      const result = this.append(stream, events, expectedRevision ?? 'any');
      return result instanceof WrongExpectedVersionError
        ? { stream, error: result }
        : { stream, result };
    });
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    await tick();
    const all = this.streams.get(stream) ?? [];
    const { fromRevision, maxCount = Infinity, backwards = false } = options;
    const picked = backwards
      ? all.filter((e) => fromRevision === undefined || e.revision <= fromRevision).reverse()
      : all.filter((e) => fromRevision === undefined || e.revision >= fromRevision);
    return picked.slice(0, maxCount);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    validateReadAll(options);
    await tick();
    const accepts = this.filter(options);
    const out: RecordedEvent[] = [];
    const max = options.maxCount ?? PAGE_SIZE;
    for (let i = this.indexAfter(options.fromPosition); i < this.log.length; i++) {
      if (out.length >= max) break;
      if (accepts(this.log[i])) out.push(this.log[i]);
    }
    return out;
  }

  async readStreamHeads(options: ReadStreamHeadsOptions): Promise<StreamHead[]> {
    await tick();
    const prefixes = options.streamPrefix;
    return [...this.streams.keys()]
      .filter((s) => prefixes.some((p) => s.startsWith(p)))
      .filter((s) => options.afterStream === undefined || s > options.afterStream)
      .sort()
      .slice(0, options.maxCount)
      .map((stream) => {
        const last = this.streams.get(stream)!.at(-1)!;
        return { stream, revision: last.revision, metadata: last.metadata };
      });
  }

  async readStreamStates(requests: readonly StreamStateRequest[]): Promise<StreamState[]> {
    validateStreamStates(requests);
    await tick();
    return requests.map(({ stream, eventIds }) => {
      const events = this.streams.get(stream) ?? [];
      const held = this.ids.get(stream) ?? new Map();
      const knownIds = [...new Set(eventIds.map((id) => id.toLowerCase()))].filter((id) =>
        held.has(id),
      );
      return { stream, last: events.at(-1) ?? null, knownIds };
    });
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    validateReadAll(options);
    const log = {
      events: this.log,
      onAppend: (wake: () => void) => {
        this.listeners.add(wake);
        return () => this.listeners.delete(wake);
      },
    };
    return new InMemorySubscription(
      log,
      this.indexAfter(options.fromPosition),
      this.filter(options),
    );
  }

  async estimateEventsAfter(from: readonly (Position | undefined)[]): Promise<number[]> {
    return from.map((p) => this.log.length - this.indexAfter(p));
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    for (const wake of this.listeners) wake();
  }

  /** One stream's append, all or nothing: a conflict is returned, not thrown. */
  private append(
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
    for (const wake of this.listeners) wake();
    const last = recorded[recorded.length - 1];
    return {
      nextRevision: last.revision,
      position: last.position,
      duplicateIds: dups.map((e) => e.id.toLowerCase()),
    };
  }

  private filter(options: SubscribeOptions): (e: RecordedEvent) => boolean {
    const p = options.streamPrefix;
    const prefixes = p === undefined ? null : typeof p === 'string' ? [p] : p;
    return (e) =>
      (prefixes === null || prefixes.some((x) => e.stream.startsWith(x))) &&
      inPartition(e.stream, options.partition);
  }

  /** Index of the first event of the log strictly after the position (binary search). */
  private indexAfter(position: Position | undefined): number {
    if (!position) return 0;
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (comparePositions(this.log[mid].position, position) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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

const tick = () => Promise.resolve();
