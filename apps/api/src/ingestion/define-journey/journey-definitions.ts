import {
  deserialize,
  JourneyDefined,
  journeyDefinitionStream,
  nextPreviousHash,
} from '@journey/events';
import { EventStore, RecordedEvent } from '@journey/event-store';
import { definitionVersion } from '@journey/domain';

export interface StoredDefinition extends JourneyDefined {
  /** 1 for the first definition, +1 for each change. */
  readonly version: number;
  readonly definedAt: string;
  /** The hash the stream's next event chains on. */
  readonly hash: string;
}

/** The current definition: the last JourneyDefined of the journey's stream. */
export async function loadDefinition(
  store: EventStore,
  journey: string,
): Promise<StoredDefinition | null> {
  const [last] = await store.readStream(journeyDefinitionStream(journey), {
    backwards: true,
    maxCount: 1,
  });
  return last ? toStored(last) : null;
}

export function toStored(recorded: RecordedEvent): StoredDefinition | null {
  const d = deserialize(recorded);
  if (d?.event.type !== 'JourneyDefined') return null;
  return {
    ...d.event,
    version: definitionVersion(recorded.revision),
    definedAt: recorded.recordedAt.toISOString(),
    hash: nextPreviousHash(recorded),
  };
}
