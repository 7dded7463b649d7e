import { Command } from '@nestjs/cqrs';
import { RequestContext } from '../../common/request-context';
import { DefinitionInput } from './journey-definition.pipe';
import { StoredDefinition } from './journey-definitions';

export class DefineJourney extends Command<StoredDefinition & { changed: boolean }> {
  constructor(
    readonly journey: string,
    readonly definition: DefinitionInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
