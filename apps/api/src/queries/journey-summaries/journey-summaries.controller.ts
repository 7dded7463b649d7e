import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../../access/auth.decorators';
import { GetJourneySummaries } from './journey-summaries.query';

@ApiTags('journeys')
@ApiBearerAuth()
@Controller('v1/journeys')
export class JourneySummariesController {
  constructor(private readonly queries: QueryBus) {}

  /** Every journey seen or defined, with all-time totals and its definition (null if none). */
  @Get()
  @RequireScope('read')
  list() {
    return this.queries.execute(new GetJourneySummaries());
  }
}
