import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AccessLog } from './access-log';
import { AccessLogPage, GetAccessLog } from './access-log.query';

@QueryHandler(GetAccessLog)
export class GetAccessLogHandler implements IQueryHandler<GetAccessLog> {
  constructor(private readonly log: AccessLog) {}

  execute({ cursor, limit }: GetAccessLog): Promise<AccessLogPage> {
    return this.log.list(cursor, limit);
  }
}
