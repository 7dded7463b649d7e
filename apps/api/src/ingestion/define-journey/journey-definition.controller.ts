import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { RequireScope } from '../../access/auth.decorators';
import { ValidationFailedError } from '../../common/app-error';
import { Ctx, RequestContext } from '../../common/request-context';
import { GetJourneyDefinition } from '../../queries/journey-definition/journey-definition.query';
import { JOURNEY_SLUG } from '../record-touchpoints/touchpoint.dto';
import { DefineJourney } from './define-journey.command';
import { JourneyDefinitionDto } from './journey-definition.dto';
import { DefinitionInput, JourneyDefinitionPipe } from './journey-definition.pipe';
import { StoredDefinition } from './journey-definitions';

@ApiTags('journeys')
@ApiBearerAuth()
@Controller('v1/journeys/:journey/definition')
export class JourneyDefinitionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Put()
  @RequireScope('admin')
  @ApiBody({ type: JourneyDefinitionDto })
  async define(
    @Param('journey') journey: string,
    @Body(JourneyDefinitionPipe) definition: DefinitionInput,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    assertSlug(journey);
    const result = await this.commands.execute(new DefineJourney(journey, definition, ctx));
    res.status(result.changed && result.version === 1 ? 201 : 200);
    return view(result);
  }

  /** From the read model: a definition shows here once the projector has seen it. */
  @Get()
  @RequireScope('read')
  get(@Param('journey') journey: string) {
    assertSlug(journey);
    return this.queries.execute(new GetJourneyDefinition(journey));
  }
}

function assertSlug(journey: string): void {
  if (!JOURNEY_SLUG.test(journey)) {
    throw new ValidationFailedError('INVALID_JOURNEY_DEFINITION', [
      {
        index: null,
        field: 'journey',
        rule: 'pattern',
        message: 'journey must match ^[a-z0-9][a-z0-9_-]{0,63}$',
      },
    ]);
  }
}

function view(d: StoredDefinition) {
  return { ...d.data, version: d.version, definedAt: d.definedAt };
}
