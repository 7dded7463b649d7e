import type { WrongExpectedVersionError } from './errors';
import { Position } from './position';

/** What the caller expects of the stream before the append. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event to append. `id` is chosen by the caller (a UUID) and makes retries idempotent. */
export interface EventToAppend {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata?: JsonObject;
}

export interface RecordedEvent {
  readonly stream: string;
  /** 0-based position of the event inside its stream. */
  readonly revision: bigint;
  /** Totally ordered position in the whole store. */
  readonly position: Position;
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  readonly recordedAt: Date;
}

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  readonly nextRevision: bigint;
  /** Position of the last event of this append (or of the original, for a pure retry). */
  readonly position: Position;
  /** Ids already present in the stream: not stored again. */
  readonly duplicateIds: readonly string[];
}

/** One stream's part of a multi-stream append. */
export interface StreamAppend {
  readonly stream: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision?: ExpectedRevision;
}

/** Per stream: the append's result, or the conflict that kept it from being stored. */
export type StreamAppendOutcome =
  | { readonly stream: string; readonly result: AppendResult; readonly error?: undefined }
  | {
      readonly stream: string;
      readonly result?: undefined;
      readonly error: WrongExpectedVersionError;
    };

export interface ReadStreamOptions {
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
  readonly backwards?: boolean;
}

/** One of `count` shares of the global order, split by a stable hash of the stream id. */
export interface StreamPartition {
  /** An integer from 1 to 1024; with 1 nothing is filtered. */
  readonly count: number;
  /** An integer from 0 to count - 1. */
  readonly index: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. */
  readonly fromPosition?: Position;
  readonly maxCount?: number;
  /** Only streams whose name starts with one of these. */
  readonly streamPrefix?: string | readonly string[];
  /**
   * Only streams with `partitionOf(stream, count) === index`, still in global order: projections
   * split into partitions read their share each. Invalid values throw InvalidAppendError. On
   * PostgreSQL the first read with a new count builds an index first (seconds per million events).
   */
  readonly partition?: StreamPartition;
}

export type SubscribeOptions = Omit<ReadAllOptions, 'maxCount'>;

/** A stream's last event, as far as a checkpoint of the heads needs it. */
export interface StreamHead {
  readonly stream: string;
  /** The revision of its last event. */
  readonly revision: bigint;
  /** That event's metadata (its hash, for chained streams). */
  readonly metadata: JsonObject;
}

export interface ReadStreamHeadsOptions {
  /** Only streams whose name starts with one of these. */
  readonly streamPrefix: readonly string[];
  /** Exclusive: streams named after this one. */
  readonly afterStream?: string;
  readonly maxCount: number;
}

/** Which of some event ids a stream already holds: one request of `readStreamStates`. */
export interface StreamStateRequest {
  readonly stream: string;
  readonly eventIds: readonly string[];
}

/** What an append to a stream needs to know first: its last event and the ids it holds. */
export interface StreamState {
  readonly stream: string;
  /** The stream's last event; null when the stream does not exist. */
  readonly last: RecordedEvent | null;
  /** The requested ids the stream already holds (as stored: lower case), in no order. */
  readonly knownIds: readonly string[];
}

/** A live subscription: iterate it; `close()` ends the iteration. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
  /**
   * True while more events are known to follow what was delivered (a catch-up page is on its
   * way); false once caught up. A consumer that waited in vain learns from it whether it is
   * merely a slow read. Adapters that cannot tell leave it undefined.
   */
  readonly catchingUp?: boolean;
}

/**
 * The port: the only way the rest of the code talks to an event store.
 * Adapters: PostgreSQL (default, embedded) and EventStoreDB.
 */
export interface EventStore {
  appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /**
   * Appends to several streams at once. Each stream is all-or-nothing and checked against its own
   * expected revision; a conflict on one does not keep the others from being stored. Outcomes come
   * in input order. Other failures (the store is down) reject the whole call: nothing is reported
   * stored, and retrying is safe because event ids make appends idempotent.
   */
  appendToStreams(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Optional: each stream's head (its last revision and that event's metadata), by stream name. A
   * store that keeps its streams' heads answers in time proportional to the streams, not the
   * events; one that cannot leaves it out, and callers read all events instead.
   */
  readStreamHeads?(options: ReadStreamHeadsOptions): Promise<StreamHead[]>;
  /**
   * Optional: for many streams at once, each one's last event and which of the given ids it
   * holds (in request order), as one round trip: what a writer checks before appending several
   * events to a stream. A store that cannot leaves it out, and callers read each stream instead.
   */
  readStreamStates?(requests: readonly StreamStateRequest[]): Promise<StreamState[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /**
   * Optional: about how many events (of all streams) follow each position, from one cheap read of
   * the newest event, where counting them would read them all. An estimate: gaps and other
   * streams' events count too. A store whose positions cannot give it leaves it out.
   */
  estimateEventsAfter?(from: readonly (Position | undefined)[]): Promise<number[]>;
  /** Cheap round trip used by readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
