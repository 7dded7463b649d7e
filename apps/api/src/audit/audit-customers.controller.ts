import { Controller, Get, Param, Query as QueryParam, Res, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { HeavyRead, RequireScope } from '../access/auth.decorators';
import { drained } from '../common/drained';
import { AccessLogInterceptor, AuditedRead } from './access-log/access-log.interceptor';
import { ExportCustomerEvents } from './customer-events/customer-events-export.query';
import { GetCustomerEvents } from './customer-events/customer-events.query';
import { HistoryCursor, parseHistoryCursor } from './customer-events/history-pages';
import { QueryProblems } from './query-params';
import { VerifyCustomerChains } from './verify-chains/customer-chains.query';

/** A client that takes nothing of the export for this long is cut off. */
const EXPORT_STALL_MS = 60_000;

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
    let from: HistoryCursor | null = null;
    if (after !== undefined) {
      try {
        from = parseHistoryCursor(after);
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
    const { pages } = await this.queries.execute(new ExportCustomerEvents(customerId));
    res
      .status(200)
      .type('application/x-ndjson')
      .setHeader(
        'Content-Disposition',
        `attachment; filename="customer-${encodeURIComponent(customerId)}.ndjson"`,
      );
    // Page by page at the client's pace: a long history never sits in memory whole.
    try {
      for await (const page of pages) {
        if (res.destroyed) return;
        const chunk = page.map((e) => `${JSON.stringify(e)}\n`).join('');
        if (!res.write(chunk) && !(await drained(res, EXPORT_STALL_MS))) return void res.destroy();
      }
      res.end();
    } catch (err) {
      // Headers are gone: cut the body short so the client cannot take it for the whole history.
      res.destroy(err as Error);
    }
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
