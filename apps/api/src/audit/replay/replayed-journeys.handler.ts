import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CustomerJourneysPage } from '@journey/contracts';
import { JourneyReplay } from './journey-replay';
import { ReplayCustomerJourneys } from './replayed-journeys.query';

@QueryHandler(ReplayCustomerJourneys)
export class ReplayCustomerJourneysHandler implements IQueryHandler<ReplayCustomerJourneys> {
  constructor(private readonly replay: JourneyReplay) {}

  execute(q: ReplayCustomerJourneys): Promise<CustomerJourneysPage> {
    return this.replay.page(q.customerId, q.cut, {
      journey: q.journey,
      limit: q.limit,
      cursor: q.cursor,
      reveal: q.reveal,
    });
  }
}
