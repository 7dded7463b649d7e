import { Controller, Get, Param, Query as QueryParam } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../../access/auth.decorators';
import { ValidationFailedError } from '../../common/app-error';
import { GetJourneyMap } from './journey-map.query';
import { ApiMapRange, mapRangeProblems } from './map-range-problems';

@ApiTags('journeys')
@ApiBearerAuth()
@Controller('v1/journey-maps/:journey')
export class JourneyMapController {
  constructor(private readonly queries: QueryBus) {}

  /** Dates are UTC days of the touchpoints' occurredAt, both ends included. */
  @Get()
  @RequireScope('read')
  @ApiMapRange()
  get(
    @Param('journey') journey: string,
    @QueryParam('from') from?: string,
    @QueryParam('to') to?: string,
    @QueryParam('channel') channel?: string,
  ) {
    const problems = mapRangeProblems({ journey, from, to, channel });
    if (problems.length > 0) throw new ValidationFailedError('INVALID_QUERY', problems);
    return this.queries.execute(
      new GetJourneyMap(journey, from ?? null, to ?? null, channel ?? null),
    );
  }
}
