import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { customerStream, deterministicEventId, parseStreamName } from '@journey/events';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { eraseCustomer } from '@journey/domain';
import { CLOCK, Clock } from '../../common/clock';
import { handleCommand } from '../../common/handle-command';
import { PersonalData } from '../../personal-data/personal-data.service';
import { metadataOf } from '../../ingestion/event-metadata';
import { loadKnown } from '../customer-events/known-customer';
import { CustomerHistory } from '../customer-history';
import { CustomerErasure, EraseCustomer } from './erase-customer.command';

/**
 * The keys go first: once they are destroyed every encrypted field of the customer (and of their
 * anonymous ids) is unreadable everywhere, whatever happens next. Then CustomerErased is recorded
 * (the projector drops comments from its read models); when to record it is the decider's
 * (eraseCustomer in libs/domain).
 */
@CommandHandler(EraseCustomer)
export class EraseCustomerHandler implements ICommandHandler<EraseCustomer> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly history: CustomerHistory,
    private readonly personal: PersonalData,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ customerId, context }: EraseCustomer): Promise<CustomerErasure> {
    const stream = customerStream(customerId);
    const { streams } = await loadKnown(this.history, customerId);
    const anonymousIds = streams.flatMap((s) => {
      const owner = parseStreamName(s);
      return owner?.kind === 'anonymous' ? [owner.id] : [];
    });
    const keyIds = await this.personal.keys.destroy([stream, ...streams]);
    const erasedAt = this.clock.now().toISOString();
    const { events: recorded } = await handleCommand(
      this.store,
      stream,
      eraseCustomer,
      { customerId, anonymousIds, keyIds, erasedAt },
      {
        metadata: metadataOf(context),
        // By the revision it takes, not the request id: a client reusing an x-request-id must not
        // turn a later erasure into a silent duplicate of an earlier one.
        eventId: (revision) => deterministicEventId(stream, 'erased', String(revision)),
      },
    );
    if (recorded.length === 0)
      return { customerId, status: 'already_erased', anonymousIds, keyIds, erasedAt: null };
    return { customerId, status: 'erased', anonymousIds, keyIds, erasedAt };
  }
}
