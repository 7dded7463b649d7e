import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { comparePositions } from '@journey/event-store';
import { AppError } from '../../common/app-error';
import { PersonalData } from '../../personal-data/personal-data.service';
import { AuditEvent, toAuditEvents } from '../audit-event';
import { CustomerEvents, CustomerHistory } from '../customer-history';
import {
  CustomerEventsPage,
  ExportCustomerEvents,
  GetCustomerEvents,
} from './get-customer-events.query';

@QueryHandler(GetCustomerEvents)
export class GetCustomerEventsHandler implements IQueryHandler<GetCustomerEvents> {
  constructor(
    private readonly history: CustomerHistory,
    private readonly personal: PersonalData,
  ) {}

  async execute({ customerId, after, limit }: GetCustomerEvents): Promise<CustomerEventsPage> {
    const { streams, events } = await loadKnown(this.history, customerId);
    const rest = after ? events.filter((e) => comparePositions(e.position, after) > 0) : events;
    const page = await toAuditEvents(rest.slice(0, limit), this.personal);
    return {
      customerId,
      streams,
      events: page,
      nextCursor: rest.length > limit ? page[page.length - 1].position : null,
    };
  }
}

@QueryHandler(ExportCustomerEvents)
export class ExportCustomerEventsHandler implements IQueryHandler<ExportCustomerEvents> {
  constructor(
    private readonly history: CustomerHistory,
    private readonly personal: PersonalData,
  ) {}

  async execute({ customerId }: ExportCustomerEvents): Promise<AuditEvent[]> {
    const { events } = await loadKnown(this.history, customerId);
    return toAuditEvents(events, this.personal);
  }
}

export async function loadKnown(
  history: CustomerHistory,
  customerId: string,
): Promise<CustomerEvents> {
  const loaded = await history.load(customerId);
  if (loaded.streams.length === 0)
    throw new AppError('CUSTOMER_NOT_FOUND', `No events of customer "${customerId}"`, {
      customerId,
    });
  return loaded;
}
