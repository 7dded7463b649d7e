import { JourneyEvent, nextPreviousHash } from '@journey/events';
import { EventStore, RecordedEvent } from '@journey/event-store';
import { Decider, definitionVersion } from '@journey/domain';
import { RequestContext } from '../common/request-context';
import { handleCommand } from '../common/handle-command';
import { metadataOf } from './event-metadata';

/**
 * A stream of definitions (a journey's, a source's mapping): its last event is the current one.
 * What every stored definition carries besides its data.
 */
export interface DefinitionStamp {
  /** 1 for the first definition, +1 for each change. */
  readonly version: number;
  readonly definedAt: string;
  /** The hash the stream's next event chains on. */
  readonly hash: string;
}

export function stampOf(recorded: RecordedEvent): DefinitionStamp {
  return {
    version: definitionVersion(recorded.revision),
    definedAt: recorded.recordedAt.toISOString(),
    hash: nextPreviousHash(recorded),
  };
}

/** The current definition's event, or undefined before the first. */
export async function lastDefinition(
  store: EventStore,
  stream: string,
): Promise<RecordedEvent | undefined> {
  const [last] = await store.readStream(stream, { backwards: true, maxCount: 1 });
  return last;
}

export interface Definition<Command, State, Stored> {
  readonly stream: string;
  readonly decider: Decider<Command, State, JourneyEvent>;
  readonly command: Command;
  readonly context: RequestContext;
  readonly toStored: (recorded: RecordedEvent) => Stored | null;
  /** After a change: drop what this process has cached of the old definition. */
  readonly forget: () => void;
}

/**
 * PUT of a definition is idempotent: the same one again records nothing (the decider) and answers
 * the stored one; a change is recorded and answers the new one.
 */
export async function define<Command, State, Stored>(
  store: EventStore,
  d: Definition<Command, State, Stored>,
): Promise<Stored & { changed: boolean }> {
  const { events, head } = await handleCommand(store, d.stream, d.decider, d.command, {
    metadata: metadataOf(d.context),
  });
  if (events.length === 0) return { ...d.toStored(head!)!, changed: false };
  d.forget();
  const last = await lastDefinition(store, d.stream);
  const stored = last ? d.toStored(last) : null;
  return { ...stored!, changed: true };
}
