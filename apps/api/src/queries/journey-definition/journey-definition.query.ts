import { Query } from '@nestjs/cqrs';
import { JourneyDefined } from '@journey/events';

export type JourneyDefinitionView = JourneyDefined['data'] & { version: number; definedAt: string };

/** A journey's definition from the read model: it shows once the projector has seen it. */
export class GetJourneyDefinition extends Query<JourneyDefinitionView> {
  constructor(readonly journey: string) {
    super();
  }
}
