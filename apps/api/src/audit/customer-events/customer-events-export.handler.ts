import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@journey/event-store';
import { PersonalData } from '../../personal-data/personal-data.service';
import { toAuditEvents } from '../audit-event';
import { CustomerHistory } from '../customer-history';
import { CustomerEventsExport, ExportCustomerEvents } from './customer-events-export.query';
import { HistoryCursor, readHistoryPage } from './history-pages';
import { knownStreams } from './known-customer';

/** Events per store read of the export. */
const EXPORT_PAGE = 500;

@QueryHandler(ExportCustomerEvents)
export class ExportCustomerEventsHandler implements IQueryHandler<ExportCustomerEvents> {
  constructor(
    private readonly history: CustomerHistory,
    private readonly personal: PersonalData,
  ) {}

  /** Unknown customers fail here, before anything is sent; the pages are read as they go out. */
  async execute({ customerId }: ExportCustomerEvents): Promise<CustomerEventsExport> {
    const streams = await knownStreams(this.history, customerId);
    return { customerId, pages: exportPages(this.history.store, streams, this.personal) };
  }
}

async function* exportPages(store: EventStore, streams: string[], personal: PersonalData) {
  let cursor: HistoryCursor | null = null;
  for (;;) {
    const page = await readHistoryPage(store, streams, cursor, EXPORT_PAGE);
    yield await toAuditEvents(page.events, personal);
    if (!page.next) return;
    cursor = page.next;
  }
}
