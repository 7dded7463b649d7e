import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PersonalData } from '../../personal-data/personal-data.service';
import { toAuditEvents } from '../audit-event';
import { CustomerHistory } from '../customer-history';
import { CustomerEventsPage, GetCustomerEvents } from './customer-events.query';
import { formatHistoryCursor, readHistoryPage } from './history-pages';
import { knownStreams } from './known-customer';

@QueryHandler(GetCustomerEvents)
export class GetCustomerEventsHandler implements IQueryHandler<GetCustomerEvents> {
  constructor(
    private readonly history: CustomerHistory,
    private readonly personal: PersonalData,
  ) {}

  async execute({ customerId, after, limit }: GetCustomerEvents): Promise<CustomerEventsPage> {
    const streams = await knownStreams(this.history, customerId);
    const page = await readHistoryPage(this.history.store, streams, after, limit);
    return {
      customerId,
      streams,
      events: await toAuditEvents(page.events, this.personal),
      nextCursor: page.next && formatHistoryCursor(page.next.revisions),
    };
  }
}
