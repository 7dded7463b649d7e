import { Body, Controller, Get, Inject, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { JourneyDefined } from '@journey/events';
import { RequireScope } from '../../access/auth.decorators';
import { AppError, ValidationFailedError } from '../../common/app-error';
import { Ctx, RequestContext } from '../../common/request-context';
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
    @Inject(PG_POOL) private readonly pool: Pool,
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
  async get(@Param('journey') journey: string) {
    assertSlug(journey);
    const { rows } = await this.pool.query<{
      definition: JourneyDefined['data'];
      version: number;
      defined_at: Date;
    }>('SELECT definition, version, defined_at FROM rm_journey_definitions WHERE journey = $1', [
      journey,
    ]);
    if (rows.length === 0)
      throw new AppError('NOT_FOUND', `Journey "${journey}" has no definition`);
    return {
      ...rows[0].definition,
      version: rows[0].version,
      definedAt: rows[0].defined_at.toISOString(),
    };
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
