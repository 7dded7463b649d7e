import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { anonymousStream, deterministicEventId } from '@journey/events';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { identifyCustomer } from '@journey/domain';
import { handleCommand } from '../../common/handle-command';
import { metadataOf } from '../event-metadata';
import { IdentifyCustomer } from './identify-customer.command';

/** An anonymous id belongs to one customer: linking it to another is refused (the decider). */
@CommandHandler(IdentifyCustomer)
export class IdentifyCustomerHandler implements ICommandHandler<IdentifyCustomer> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ identity, context }: IdentifyCustomer) {
    const { anonymousId, customerId, occurredAt } = identity;
    const stream = anonymousStream(anonymousId);
    const { events } = await handleCommand(
      this.store,
      stream,
      identifyCustomer,
      { anonymousId, customerId, occurredAt },
      {
        metadata: metadataOf(context),
        eventId: () => deterministicEventId(stream, 'identified', customerId),
      },
    );
    const status = events.length === 0 ? ('duplicate' as const) : ('accepted' as const);
    return { anonymousId, customerId, status };
  }
}
