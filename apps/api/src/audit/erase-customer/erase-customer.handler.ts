import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  chainEvents,
  CustomerErased,
  customerStream,
  deterministicEventId,
  nextPreviousHash,
  parseStreamName,
  serialize,
} from '@journey/events';
import { EVENT_STORE, EventStore, WrongExpectedVersionError } from '@journey/event-store';
import { CLOCK, Clock } from '../../common/clock';
import { PersonalData } from '../../personal-data/personal-data.service';
import { metadataOf } from '../../ingestion/event-metadata';
import { loadKnown } from '../customer-events/known-customer';
import { CustomerHistory } from '../customer-history';
import { CustomerErasure, EraseCustomer } from './erase-customer.command';

const MAX_ATTEMPTS = 5;

/**
 * The keys go first: once they are destroyed every encrypted field of the customer (and of their
 * anonymous ids) is unreadable everywhere, whatever happens next. Then CustomerErased is recorded
 * (the projector drops comments from its read models). A retry after a failed append finds no key
 * left and records the event; once recorded, a repeat changes nothing.
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
    const { streams, events } = await loadKnown(this.history, customerId);
    const anonymousIds = streams.flatMap((s) => {
      const owner = parseStreamName(s);
      return owner?.kind === 'anonymous' ? [owner.id] : [];
    });
    const keyIds = await this.personal.keys.destroy([stream, ...streams]);
    const recorded = events.some((e) => e.stream === stream && e.type === 'CustomerErased');
    if (keyIds.length === 0 && recorded)
      return { customerId, status: 'already_erased', anonymousIds, keyIds, erasedAt: null };
    const erasedAt = this.clock.now().toISOString();
    const event: CustomerErased = {
      type: 'CustomerErased',
      data: { customerId, anonymousIds, keyIds, erasedAt },
    };
    for (let attempt = 1; ; attempt++) {
      const [head] = await this.store.readStream(stream, { backwards: true, maxCount: 1 });
      // By the revision it takes, not the request id: a client reusing an x-request-id must not
      // turn a later erasure into a silent duplicate of an earlier one.
      const id = deterministicEventId(stream, 'erased', String(head ? head.revision + 1n : 0n));
      try {
        await this.store.appendToStream(
          stream,
          chainEvents(nextPreviousHash(head), [serialize(id, event, metadataOf(context))]),
          { expectedRevision: head ? head.revision : 'no_stream' },
        );
        return { customerId, status: 'erased', anonymousIds, keyIds, erasedAt };
      } catch (err) {
        if (err instanceof WrongExpectedVersionError && attempt < MAX_ATTEMPTS) continue;
        throw err;
      }
    }
  }
}
