import { EventMetadata } from './event-metadata';
import { CURRENT_VERSIONS, isJourneyEventType, JourneyEvent } from './journey-event';
import { upcast, UpcasterRegistry, UPCASTERS } from './upcasters';

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The store-facing shape (structurally the event store's EventToAppend / RecordedEvent). */
export interface SerializedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

export type MetadataInput = Omit<EventMetadata, 'schemaVersion'>;

export function serialize(
  id: string,
  event: JourneyEvent,
  metadata: MetadataInput,
): SerializedEvent {
  return {
    id,
    type: event.type,
    data: event.data as unknown as JsonObject,
    metadata: { ...metadata, schemaVersion: CURRENT_VERSIONS[event.type] },
  };
}

export interface DeserializedEvent {
  readonly event: JourneyEvent;
  readonly metadata: EventMetadata;
  /** The version it was stored at (before upcasting). */
  readonly storedVersion: number;
}

/**
 * A stored event as the current version of its type; null for types this product does not know
 * (other writers may share the store). Events without a schemaVersion are version 1.
 */
export function deserialize(
  stored: { readonly type: string; readonly data: object; readonly metadata: object },
  registry: UpcasterRegistry = UPCASTERS,
): DeserializedEvent | null {
  if (!isJourneyEventType(stored.type)) return null;
  const meta = stored.metadata as Record<string, unknown>;
  const storedVersion = Number(meta.schemaVersion ?? 1);
  const target = CURRENT_VERSIONS[stored.type];
  const data = upcast(
    stored.type,
    storedVersion,
    target,
    stored.data as Record<string, unknown>,
    registry,
  );
  return {
    event: { type: stored.type, data } as unknown as JourneyEvent,
    metadata: { ...(stored.metadata as unknown as EventMetadata), schemaVersion: target },
    storedVersion,
  };
}
