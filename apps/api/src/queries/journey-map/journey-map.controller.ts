import { isCalendarDay } from '../../ingestion/validation/custom-rules';
import { Controller, Get, Param, Query as QueryParam } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CHANNELS } from '@journey/events';
import { RequireScope } from '../../access/auth.decorators';
import { FieldProblem, ValidationFailedError } from '../../common/app-error';
import { JOURNEY_SLUG } from '../../ingestion/record-touchpoints/touchpoint.dto';
import { GetJourneyMap } from './journey-map.query';

@ApiTags('journeys')
@ApiBearerAuth()
@Controller('v1/journey-maps/:journey')
export class JourneyMapController {
  constructor(private readonly queries: QueryBus) {}

  /** Dates are UTC days of the touchpoints' occurredAt, both ends included. */
  @Get()
  @RequireScope('read')
  @ApiQuery({ name: 'from', required: false, example: '2026-01-01' })
  @ApiQuery({ name: 'to', required: false, example: '2026-03-31' })
  @ApiQuery({ name: 'channel', required: false, enum: CHANNELS })
  get(
    @Param('journey') journey: string,
    @QueryParam('from') from?: string,
    @QueryParam('to') to?: string,
    @QueryParam('channel') channel?: string,
  ) {
    const problems: FieldProblem[] = [];
    const bad = (field: string, rule: string, message: string) =>
      problems.push({ index: null, field, rule, message });
    if (!JOURNEY_SLUG.test(journey))
      bad('journey', 'pattern', 'journey must match ^[a-z0-9][a-z0-9_-]{0,63}$');
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value !== undefined && !isCalendarDay(value)) {
        bad(field, 'format', `${field} must be a date YYYY-MM-DD`);
      }
    }
    if (from && to && from > to) bad('to', 'range', 'to must not be before from');
    if (channel !== undefined && !(CHANNELS as readonly string[]).includes(channel)) {
      bad('channel', 'enum', `channel must be one of: ${CHANNELS.join(', ')}`);
    }
    if (problems.length > 0) throw new ValidationFailedError('INVALID_QUERY', problems);
    return this.queries.execute(
      new GetJourneyMap(journey, from ?? null, to ?? null, channel ?? null),
    );
  }
}
