import { Controller, Get, Query as QueryParam, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../../access/auth.decorators';
import { QueryProblems } from '../query-params';
import { AccessLogInterceptor, AuditedRead } from './access-log.interceptor';
import { GetAccessLog } from './access-log.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/access-log')
@UseInterceptors(AccessLogInterceptor)
export class AccessLogController {
  constructor(private readonly queries: QueryBus) {}

  /** Who read customers' histories, newest first (reading it is logged as well). */
  @Get()
  @RequireScope('admin')
  @AuditedRead('access-log.read')
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 100' })
  @ApiQuery({ name: 'cursor', required: false })
  list(@QueryParam('limit') limit?: string, @QueryParam('cursor') cursor?: string) {
    const q = new QueryProblems();
    const size = q.limit(limit, 100, 1000);
    if (cursor !== undefined && !/^\d{1,18}$/.test(cursor))
      q.add('cursor', 'format', 'cursor is not one this API returned');
    q.throwIfAny();
    return this.queries.execute(new GetAccessLog(cursor ?? null, size));
  }
}
