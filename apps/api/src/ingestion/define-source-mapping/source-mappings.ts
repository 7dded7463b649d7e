import {
  deserialize,
  nextPreviousHash,
  SourceMappingDefined,
  sourceMappingStream,
} from '@journey/events';
import { EventStore, RecordedEvent } from '@journey/event-store';
import { definitionVersion } from '@journey/domain';

export interface StoredSourceMapping {
  readonly data: SourceMappingDefined['data'];
  /** 1 for the first mapping, +1 for each change. */
  readonly version: number;
  readonly definedAt: string;
  /** The hash the stream's next event chains on. */
  readonly hash: string;
}

/** The current mapping of a source: the last event of its stream. */
export async function loadSourceMapping(
  store: EventStore,
  source: string,
): Promise<StoredSourceMapping | null> {
  const [last] = await store.readStream(sourceMappingStream(source), {
    backwards: true,
    maxCount: 1,
  });
  return last ? toStored(last) : null;
}

export function toStored(recorded: RecordedEvent): StoredSourceMapping | null {
  const d = deserialize(recorded);
  if (d?.event.type !== 'SourceMappingDefined') return null;
  return {
    data: d.event.data,
    version: definitionVersion(recorded.revision),
    definedAt: recorded.recordedAt.toISOString(),
    hash: nextPreviousHash(recorded),
  };
}
