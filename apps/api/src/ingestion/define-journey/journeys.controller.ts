import { Body, Controller, Get, Inject, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { RequireScope } from '../../access/auth.decorators';
import { AppError, ValidationFailedError } from '../../common/app-error';
import { Ctx, RequestContext } from '../../common/request-context';
import { JOURNEY_SLUG } from '../record-touchpoints/touchpoint.dto';
import { DefineJourney } from './define-journey.command';
import { JourneyDefinitionDto } from './journey-definition.dto';
import { DefinitionInput, JourneyDefinitionPipe } from './journey-definition.pipe';
import { loadDefinition, StoredDefinition } from './journey-definitions';

@ApiTags('journeys')
@ApiBearerAuth()
@Controller('v1/journeys/:journey/definition')
export class JourneyDefinitionController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
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

  @Get()
  @RequireScope('read')
  async get(@Param('journey') journey: string) {
    assertSlug(journey);
    const current = await loadDefinition(this.store, journey);
    if (!current) throw new AppError('NOT_FOUND', `Journey "${journey}" has no definition`);
    return view(current);
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
