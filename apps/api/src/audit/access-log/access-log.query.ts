import { Query } from '@nestjs/cqrs';
import { AccessEntry } from './access-log';

export interface AccessLogPage {
  readonly entries: AccessEntry[];
  readonly nextCursor: string | null;
}

/** A page of the access log, newest first. */
export class GetAccessLog extends Query<AccessLogPage> {
  constructor(
    readonly cursor: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
