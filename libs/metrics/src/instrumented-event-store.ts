import {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  StreamAppendOutcome,
  SubscribeOptions,
  Subscription,
  WrongExpectedVersionError,
} from '@journey/event-store';
import { appendConflicts, appendManyDuration, appendOneDuration } from './store-metrics';

/** The port's optional methods, each named once: a new one not listed here fails to compile. */
type OptionalMethod = {
  [K in keyof EventStore]-?: undefined extends EventStore[K] ? K : never;
}[keyof EventStore];
const OPTIONAL: Record<OptionalMethod, true> = {
  readStreamHeads: true,
  readStreamStates: true,
  estimateEventsAfter: true,
};

/**
 * The EventStore port with append latency and conflicts measured around any adapter, so no
 * adapter's internals carry metrics. Reads and subscriptions pass straight through.
 */
export class InstrumentedEventStore implements EventStore {
  readonly readStreamHeads?: EventStore['readStreamHeads'];
  readonly readStreamStates?: EventStore['readStreamStates'];
  readonly estimateEventsAfter?: EventStore['estimateEventsAfter'];

  constructor(private readonly inner: EventStore) {
    // Optional in the port: offered only when the adapter has it (callers test for them, and a
    // missing one silently costs a slower path).
    for (const name of Object.keys(OPTIONAL) as OptionalMethod[]) {
      const method = inner[name] as ((...args: never[]) => unknown) | undefined;
      if (method) Object.assign(this, { [name]: method.bind(inner) });
    }
  }

  async appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const end = appendOneDuration.startTimer();
    try {
      return await this.inner.appendToStream(stream, events, options);
    } catch (err) {
      if (err instanceof WrongExpectedVersionError) appendConflicts.inc();
      throw err;
    } finally {
      end();
    }
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    const end = appendManyDuration.startTimer();
    try {
      const outcomes = await this.inner.appendToStreams(appends);
      let conflicts = 0;
      for (const o of outcomes) if (o.error) conflicts++;
      if (conflicts > 0) appendConflicts.inc(conflicts);
      return outcomes;
    } finally {
      end();
    }
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Wraps a store once (a store already measured is returned as it is). */
export function instrumentEventStore(store: EventStore): EventStore {
  return store instanceof InstrumentedEventStore ? store : new InstrumentedEventStore(store);
}
