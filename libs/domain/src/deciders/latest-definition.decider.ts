import { isDeepStrictEqual } from 'node:util';
import { JourneyDefined, JourneyEvent, SourceMappingDefined } from '@journey/events';
import { Decider } from './decider';

/** Events that define something by replacing the whole previous definition. */
type DefinitionEvent = JourneyDefined | SourceMappingDefined;

/** The last definition in the stream; null: never defined. */
export interface LatestDefinition<E extends DefinitionEvent> {
  readonly current: E['data'] | null;
}

/**
 * A definition is PUT whole and is idempotent: the same definition again records nothing, any
 * change records the new one (its version is its revision, definitionVersion in log-rules.ts).
 */
function latestDefinition<E extends DefinitionEvent>(
  type: E['type'],
): Decider<E['data'], LatestDefinition<E>, JourneyEvent> {
  return {
    initialState: { current: null },
    evolve: (state, event) => (event.type === type ? { current: event.data } : state),
    decide: (command, { current }) =>
      current !== null && isDeepStrictEqual(current, command)
        ? []
        : [{ type, data: command } as DefinitionEvent],
  };
}

export type DefineJourneyCommand = JourneyDefined['data'];
export const defineJourney = latestDefinition<JourneyDefined>('JourneyDefined');

export type DefineSourceMappingCommand = SourceMappingDefined['data'];
export const defineSourceMapping = latestDefinition<SourceMappingDefined>('SourceMappingDefined');
