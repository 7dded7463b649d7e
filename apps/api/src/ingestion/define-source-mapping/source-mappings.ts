import { deserialize, SourceMappingDefined, sourceMappingStream } from '@journey/events';
import { EventStore, RecordedEvent } from '@journey/event-store';
import { DefinitionStamp, lastDefinition, stampOf } from '../definition-streams';

export interface StoredSourceMapping extends DefinitionStamp {
  readonly data: SourceMappingDefined['data'];
}

/** The current mapping of a source: the last event of its stream. */
export async function loadSourceMapping(
  store: EventStore,
  source: string,
): Promise<StoredSourceMapping | null> {
  const last = await lastDefinition(store, sourceMappingStream(source));
  return last ? toStored(last) : null;
}

export function toStored(recorded: RecordedEvent): StoredSourceMapping | null {
  const d = deserialize(recorded);
  if (d?.event.type !== 'SourceMappingDefined') return null;
  return { data: d.event.data, ...stampOf(recorded) };
}
