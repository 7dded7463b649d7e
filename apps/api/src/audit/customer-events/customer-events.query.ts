import { Query } from '@nestjs/cqrs';
import { AuditEvent } from '../audit-event';
import { HistoryCursor } from './history-pages';

export interface CustomerEventsPage {
  readonly customerId: string;
  /** The streams read: the customer's own and those of their linked anonymous ids. */
  readonly streams: readonly string[];
  readonly events: AuditEvent[];
  /** Pass as `after` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

/** A page of a customer's events in global order, from the event store. */
export class GetCustomerEvents extends Query<CustomerEventsPage> {
  constructor(
    readonly customerId: string,
    readonly after: HistoryCursor | null,
    readonly limit: number,
  ) {
    super();
  }
}
