import { formatPosition, RecordedEvent } from '@journey/event-store';
import { storedHash } from '@journey/events';
import { PersonalData } from '../personal-data/personal-data.service';

/** One event of the history, exactly as stored (personal fields decrypted, or "[erased]"). */
export interface AuditEvent {
  /** Global position, "commit/prepare": the order of the whole store, and the paging cursor. */
  readonly position: string;
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  /** The schema version it was stored at (data is shown as stored, not upcast). */
  readonly version: number;
  readonly recordedAt: string;
  readonly data: Record<string, unknown>;
  /** source, apiKeyId, requestId, correlationId, causationId, schemaVersion. */
  readonly metadata: Record<string, unknown>;
  /** Its link of the stream's hash chain (null for events written before chaining). */
  readonly hash: string | null;
}

export async function toAuditEvents(
  events: readonly RecordedEvent[],
  personal: PersonalData,
): Promise<AuditEvent[]> {
  // Each value must have been written for the stream it is read from (see personal-data.ts).
  const data = await personal.reveal(
    events.map((e) => e.data),
    events.map((e) => e.stream),
  );
  return events.map((e, i) => {
    const { hash: _, ...metadata } = e.metadata;
    return {
      position: formatPosition(e.position),
      stream: e.stream,
      revision: Number(e.revision),
      id: e.id,
      type: e.type,
      version: Number(e.metadata.schemaVersion ?? 1),
      recordedAt: e.recordedAt.toISOString(),
      data: data[i],
      metadata,
      hash: storedHash(e),
    };
  });
}
