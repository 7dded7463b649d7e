import { Controller, Get, Param, Query as QueryParam, Req, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { HeavyRead, RequireScope } from '../../access/auth.decorators';
import { FieldProblem, ValidationFailedError } from '../../common/app-error';
import { JOURNEY_SLUG } from '../../ingestion/record-touchpoints/touchpoint.dto';
import { isIsoInstantWithOffset } from '../../ingestion/validation/custom-rules';
import { ReplayCustomerJourneys } from '../../audit/replay/replayed-journeys.query';
import { GetCustomerJourneys } from './customer-journeys.query';
import { decodeCursor } from './cursor';
import type { AuthenticatedRequest } from '../../access/api-key.guard';
import { AccessLogInterceptor, AuditedRead } from '../../audit/access-log/access-log.interceptor';

@ApiTags('journeys')
@ApiBearerAuth()
@Controller('v1/customers/:customerId/journeys')
@UseInterceptors(AccessLogInterceptor)
export class CustomerJourneysController {
  constructor(private readonly queries: QueryBus) {}

  /**
   * Feedback comments are personal: keys with the `audit` scope see them decrypted, and each such
   * read is written to the access log first; every other key sees "[redacted]".
   */
  @Get()
  @RequireScope('read')
  @AuditedRead('customer.journeys', { onlyWithScope: 'audit' })
  // A point in time is replayed from the store: heavy. The read model answers the rest.
  @HeavyRead((req) => req.query.asOf !== undefined || req.query.occurredBefore !== undefined)
  @ApiQuery({ name: 'journey', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'ISO-8601 instant: as the system knew them then (events recorded by then)',
  })
  @ApiQuery({
    name: 'occurredBefore',
    required: false,
    description: 'ISO-8601 instant: what had happened before then, late arrivals included',
  })
  list(
    @Req() req: AuthenticatedRequest,
    @Param('customerId') customerId: string,
    @QueryParam('journey') journey?: string,
    @QueryParam('limit') limit?: string,
    @QueryParam('cursor') cursor?: string,
    @QueryParam('asOf') asOf?: string,
    @QueryParam('occurredBefore') occurredBefore?: string,
  ) {
    const problems: FieldProblem[] = [];
    const bad = (field: string, rule: string, message: string) =>
      problems.push({ index: null, field, rule, message });
    if (customerId.length > 128) bad('customerId', 'length', 'customerId must be 1-128 characters');
    if (journey !== undefined && !JOURNEY_SLUG.test(journey))
      bad('journey', 'pattern', 'journey must match ^[a-z0-9][a-z0-9_-]{0,63}$');
    const size = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(size) || size < 1 || size > 200)
      bad('limit', 'range', 'limit must be an integer from 1 to 200');
    const decoded = cursor === undefined ? null : decodeCursor(cursor);
    if (cursor !== undefined && !decoded)
      bad('cursor', 'format', 'cursor is not one this API returned');
    for (const [field, value] of [
      ['asOf', asOf],
      ['occurredBefore', occurredBefore],
    ] as const) {
      if (value !== undefined && !isIsoInstantWithOffset(value))
        bad(field, 'format', `${field} must be an ISO-8601 instant with an offset`);
    }
    if (asOf !== undefined && occurredBefore !== undefined)
      bad('asOf', 'exclusive', 'give asOf or occurredBefore, not both');
    if (problems.length > 0) throw new ValidationFailedError('INVALID_QUERY', problems);
    const reveal = req.principal?.scopes.includes('audit') ?? false;
    // A point in time is replayed from the event store; otherwise the read model answers.
    if (asOf !== undefined || occurredBefore !== undefined) {
      const cut =
        asOf !== undefined
          ? ({ kind: 'asOf', at: Date.parse(asOf) } as const)
          : ({ kind: 'occurredBefore', at: Date.parse(occurredBefore!) } as const);
      return this.queries.execute(
        new ReplayCustomerJourneys(customerId, cut, journey, size, decoded, reveal),
      );
    }
    return this.queries.execute(
      new GetCustomerJourneys(customerId, journey, size, decoded, reveal),
    );
  }
}
