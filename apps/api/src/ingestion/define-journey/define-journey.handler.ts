import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { journeyDefinitionStream } from '@journey/events';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { defineJourney } from '@journey/domain';
import { PersonalData } from '../../personal-data/personal-data.service';
import { define } from '../definition-streams';
import { DefineJourney } from './define-journey.command';
import { toStored } from './journey-definitions';

@CommandHandler(DefineJourney)
export class DefineJourneyHandler implements ICommandHandler<DefineJourney> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personal: PersonalData,
  ) {}

  execute({ journey, definition, context }: DefineJourney) {
    return define(this.store, {
      stream: journeyDefinitionStream(journey),
      decider: defineJourney,
      command: { journey, ...definition },
      context,
      toStored,
      // Touchpoints recorded from now on follow its personalAttributes.
      forget: () => this.personal.attributes.forget(journey),
    });
  }
}
