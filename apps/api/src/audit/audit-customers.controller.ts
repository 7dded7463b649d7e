import { Controller, Get, Param, Query as QueryParam, Res, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { parsePosition, Position } from '@journey/event-store';
import { HeavyRead, RequireScope } from '../access/auth.decorators';
import { AccessLogInterceptor, AuditedRead } from './access-log/access-log.interceptor';
import {
  ExportCustomerEvents,
  GetCustomerEvents,
} from './customer-events/get-customer-events.query';
import { QueryProblems } from './query-params';
import { VerifyCustomerChains } from './verify-chains/verify-customer-chains.query';

/** A customer's immutable history, read from the event store; every read is access-logged. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/customers/:customerId')
@UseInterceptors(AccessLogInterceptor)
@HeavyRead()
export class AuditCustomersController {
  constructor(private readonly queries: QueryBus) {}

  @Get('events')
  @RequireScope('audit')
  @AuditedRead('customer.events')
  @ApiQuery({ name: 'after', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 100' })
  events(
    @Param('customerId') customerId: string,
    @QueryParam('after') after?: string,
    @QueryParam('limit') limit?: string,
  ) {
    const q = new QueryProblems();
    q.customerId(customerId);
    const size = q.limit(limit, 100, 1000);
    let from: Position | null = null;
    if (after !== undefined) {
      try {
        from = parsePosition(after);
      } catch {
        q.add('after', 'format', 'after must be a nextCursor this API returned');
      }
    }
    q.throwIfAny();
    return this.queries.execute(new GetCustomerEvents(customerId, from, size));
  }

  /** NDJSON: one event per line, as in `events` (the data-subject access export). */
  @Get('export')
  @RequireScope('audit')
  @AuditedRead('customer.export')
  @ApiProduces('application/x-ndjson')
  async export(@Param('customerId') customerId: string, @Res() res: Response) {
    const q = new QueryProblems();
    q.customerId(customerId);
    q.throwIfAny();
    const events = await this.queries.execute(new ExportCustomerEvents(customerId));
    res
      .status(200)
      .type('application/x-ndjson')
      .setHeader(
        'Content-Disposition',
        `attachment; filename="customer-${encodeURIComponent(customerId)}.ndjson"`,
      )
      .send(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  }

  /** Recomputes the hash chain of each of the customer's streams. */
  @Get('verify')
  @RequireScope('audit')
  @AuditedRead('customer.verify')
  verify(@Param('customerId') customerId: string) {
    const q = new QueryProblems();
    q.customerId(customerId);
    q.throwIfAny();
    return this.queries.execute(new VerifyCustomerChains(customerId));
  }
}
