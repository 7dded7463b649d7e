import { isDeepStrictEqual } from 'node:util';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  chainEvents,
  GENESIS_HASH,
  JourneyDefined,
  journeyDefinitionStream,
  serialize,
} from '@journey/events';
import { EVENT_STORE, EventStore, WrongExpectedVersionError } from '@journey/event-store';
import { randomUUID } from 'node:crypto';
import { PersonalData } from '../../personal-data/personal-data.service';
import { metadataOf } from '../event-metadata';
import { DefineJourney } from './define-journey.command';
import { loadDefinition } from './journey-definitions';

const MAX_ATTEMPTS = 5;

@CommandHandler(DefineJourney)
export class DefineJourneyHandler implements ICommandHandler<DefineJourney> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personal: PersonalData,
  ) {}

  async execute({ journey, definition, context }: DefineJourney) {
    const stream = journeyDefinitionStream(journey);
    for (let attempt = 1; ; attempt++) {
      const current = await loadDefinition(this.store, journey);
      const next: JourneyDefined = { type: 'JourneyDefined', data: { journey, ...definition } };
      // PUT is idempotent: the same definition again records nothing.
      if (current && isDeepStrictEqual(current.data, next.data))
        return { ...current, changed: false };
      try {
        await this.store.appendToStream(
          stream,
          chainEvents(current?.hash ?? GENESIS_HASH, [
            serialize(randomUUID(), next, metadataOf(context)),
          ]),
          {
            expectedRevision: current ? BigInt(current.version - 1) : 'no_stream',
          },
        );
      } catch (err) {
        if (err instanceof WrongExpectedVersionError && attempt < MAX_ATTEMPTS) continue;
        throw err;
      }
      // Touchpoints recorded from now on follow its personalAttributes.
      this.personal.attributes.forget(journey);
      const stored = await loadDefinition(this.store, journey);
      return { ...stored!, changed: true };
    }
  }
}
