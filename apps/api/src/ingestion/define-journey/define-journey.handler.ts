import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { journeyDefinitionStream } from '@journey/events';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { defineJourney } from '@journey/domain';
import { handleCommand } from '../../common/handle-command';
import { PersonalData } from '../../personal-data/personal-data.service';
import { metadataOf } from '../event-metadata';
import { DefineJourney } from './define-journey.command';
import { loadDefinition, toStored } from './journey-definitions';

/** PUT is idempotent: the same definition again records nothing (the decider). */
@CommandHandler(DefineJourney)
export class DefineJourneyHandler implements ICommandHandler<DefineJourney> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personal: PersonalData,
  ) {}

  async execute({ journey, definition, context }: DefineJourney) {
    const { events, head } = await handleCommand(
      this.store,
      journeyDefinitionStream(journey),
      defineJourney,
      { journey, ...definition },
      { metadata: metadataOf(context) },
    );
    if (events.length === 0) return { ...toStored(head!)!, changed: false };
    // Touchpoints recorded from now on follow its personalAttributes.
    this.personal.attributes.forget(journey);
    const stored = await loadDefinition(this.store, journey);
    return { ...stored!, changed: true };
  }
}
