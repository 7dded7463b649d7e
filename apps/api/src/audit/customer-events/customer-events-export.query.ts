import { Query } from '@nestjs/cqrs';
import { AuditEvent } from '../audit-event';

export interface CustomerEventsExport {
  readonly customerId: string;
  /** Every event in global order, a page at a time. */
  readonly pages: AsyncIterable<AuditEvent[]>;
}

/** Every event of a customer (data-subject access). */
export class ExportCustomerEvents extends Query<CustomerEventsExport> {
  constructor(readonly customerId: string) {
    super();
  }
}
