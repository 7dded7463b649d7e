import { Controller, Get, Param, Query as QueryParam } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../../access/auth.decorators';
import { ValidationFailedError } from '../../common/app-error';
import { decodeVariantCursor, GetJourneyVariants } from './journey-variants.query';
import { JOURNEY_VARIANTS_SCHEMA } from './journey-variants.schema';
import { ApiMapRange, mapRangeProblems } from '../journey-map/map-range-problems';

@ApiTags('journeys')
@ApiBearerAuth()
@Controller('v1/journey-maps/:journey/variants')
export class JourneyVariantsController {
  constructor(private readonly queries: QueryBus) {}

  /** Dates are UTC days of the instances' start, both ends included. */
  @Get()
  @RequireScope('read')
  @ApiMapRange()
  @ApiQuery({ name: 'limit', required: false, description: '1-100, default 20' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiOkResponse({
    description:
      'Variants (distinct step sequences of closed instances started in the range), most frequent first',
    schema: JOURNEY_VARIANTS_SCHEMA,
  })
  get(
    @Param('journey') journey: string,
    @QueryParam('from') from?: string,
    @QueryParam('to') to?: string,
    @QueryParam('channel') channel?: string,
    @QueryParam('limit') limit?: string,
    @QueryParam('cursor') cursor?: string,
  ) {
    const problems = mapRangeProblems({ journey, from, to, channel });
    const bad = (field: string, rule: string, message: string) =>
      problems.push({ index: null, field, rule, message });
    const size = limit === undefined ? 20 : /^\d{1,3}$/.test(limit) ? Number(limit) : NaN;
    if (!(size >= 1 && size <= 100))
      bad('limit', 'range', 'limit must be an integer from 1 to 100');
    const after = cursor === undefined ? null : decodeVariantCursor(cursor);
    if (cursor !== undefined && !after)
      bad('cursor', 'format', 'cursor must be a nextCursor returned by this endpoint');
    if (problems.length > 0) throw new ValidationFailedError('INVALID_QUERY', problems);
    return this.queries.execute(
      new GetJourneyVariants(journey, from ?? null, to ?? null, channel ?? null, size, after),
    );
  }
}
