import { Controller, Get, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { HeavyRead, RequireScope } from '../../access/auth.decorators';
import { AccessLogInterceptor, AuditedRead } from '../access-log/access-log.interceptor';
import { GetLatestChainCheckpoint } from './latest-checkpoint.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/chain-checkpoints')
@UseInterceptors(AccessLogInterceptor)
@HeavyRead()
export class ChainCheckpointsController {
  constructor(private readonly queries: QueryBus) {}

  /**
   * The newest signed checkpoint, to keep outside the database and check later with
   * `audit verify --all --checkpoint <file>`. Its heads name every customer's stream.
   */
  @Get('latest')
  @RequireScope('audit')
  @AuditedRead('store.checkpoint.export')
  latest() {
    return this.queries.execute(new GetLatestChainCheckpoint());
  }
}
