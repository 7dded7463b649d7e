import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@journey/event-store';
import { AppError } from '../../common/app-error';
import { PersonalData } from '../../personal-data/personal-data.service';
import { toAuditEvents } from '../audit-event';
import { CustomerEvents, CustomerHistory } from '../customer-history';
import {
  CustomerEventsExport,
  CustomerEventsPage,
  ExportCustomerEvents,
  GetCustomerEvents,
} from './get-customer-events.query';
import { formatHistoryCursor, HistoryCursor, readHistoryPage } from './history-pages';

/** Events per store read of the export. */
const EXPORT_PAGE = 500;

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

async function knownStreams(history: CustomerHistory, customerId: string): Promise<string[]> {
  const streams = await history.streamsOf(customerId);
  if (streams.length === 0) throw notFound(customerId);
  return streams;
}

export async function loadKnown(
  history: CustomerHistory,
  customerId: string,
): Promise<CustomerEvents> {
  const loaded = await history.load(customerId);
  if (loaded.streams.length === 0) throw notFound(customerId);
  return loaded;
}

const notFound = (customerId: string) =>
  new AppError('CUSTOMER_NOT_FOUND', `No events of customer "${customerId}"`, { customerId });
