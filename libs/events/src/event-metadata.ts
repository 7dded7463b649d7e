/** Metadata stored with every event. */
export interface EventMetadata {
  /** Version of the event's data shape when it was written; upcasters bring it to the current one. */
  readonly schemaVersion: number;
  readonly correlationId: string;
  readonly causationId: string;
  readonly requestId: string;
  /** The emitting system, as the caller named it (or the API key's name). */
  readonly source: string;
  readonly apiKeyId: string | null;
  /** Link of the stream's hash chain (see hash-chain.ts); absent on events written before it. */
  readonly hash?: string;
}
