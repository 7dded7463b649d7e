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

export interface ReadStreamOptions {
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
  readonly backwards?: boolean;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. */
  readonly fromPosition?: Position;
  readonly maxCount?: number;
  /** Only streams whose name starts with one of these. */
  readonly streamPrefix?: string | readonly string[];
}

export type SubscribeOptions = Omit<ReadAllOptions, 'maxCount'>;

/** A live subscription: iterate it; `close()` ends the iteration. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
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
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Cheap round trip used by readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
