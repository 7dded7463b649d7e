import { deserialize, JourneyDefined } from '@journey/events';
import { RecordedEvent } from '@journey/event-store';
import { DefinitionStamp, stampOf } from '../definition-streams';

export interface StoredDefinition extends JourneyDefined, DefinitionStamp {}

/** A JourneyDefined of a journey's stream as stored (the last one is the current definition). */
export function toStored(recorded: RecordedEvent): StoredDefinition | null {
  const d = deserialize(recorded);
  if (d?.event.type !== 'JourneyDefined') return null;
  return { ...d.event, ...stampOf(recorded) };
}
