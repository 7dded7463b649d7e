import { WrongExpectedVersionError } from '../errors';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
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
import { InMemoryStreams } from './in-memory-streams';
import { InMemorySubscription } from './in-memory-subscription';

const PAGE_SIZE = 2000;

/**
 * The port held in memory, for fast tests of what writes and reads events: the same contract as
 * the PostgreSQL and EventStoreDB adapters (in-memory-event-store.spec.ts), nothing persisted.
 * Operations yield once before acting, so concurrent callers interleave (and conflict) as they
 * would against a server.
 */
export class InMemoryEventStore implements EventStore {
  private readonly listeners = new Set<() => void>();
  private readonly data: InMemoryStreams;
  private readonly log: readonly RecordedEvent[];

  constructor(now: () => Date = () => new Date()) {
    this.data = new InMemoryStreams(now, () => {
      for (const wake of this.listeners) wake();
    });
    this.log = this.data.log;
  }

  async appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    validateAppend(stream, events);
    await tick();
    const result = this.data.append(stream, events, options.expectedRevision ?? 'any');
    if (result instanceof WrongExpectedVersionError) throw result;
    return result;
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    validateMultiAppend(appends);
    await tick();
    return appends.map(({ stream, events, expectedRevision }) => {
      const result = this.data.append(stream, events, expectedRevision ?? 'any');
      return result instanceof WrongExpectedVersionError
        ? { stream, error: result }
        : { stream, result };
    });
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    await tick();
    const all = this.data.streams.get(stream) ?? [];
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
    return [...this.data.streams.keys()]
      .filter((s) => prefixes.some((p) => s.startsWith(p)))
      .filter((s) => options.afterStream === undefined || s > options.afterStream)
      .sort()
      .slice(0, options.maxCount)
      .map((stream) => {
        const last = this.data.streams.get(stream)!.at(-1)!;
        return { stream, revision: last.revision, metadata: last.metadata };
      });
  }

  async readStreamStates(requests: readonly StreamStateRequest[]): Promise<StreamState[]> {
    validateStreamStates(requests);
    await tick();
    return requests.map(({ stream, eventIds }) => {
      const events = this.data.streams.get(stream) ?? [];
      const held = this.data.ids.get(stream) ?? new Map();
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

const tick = () => Promise.resolve();
