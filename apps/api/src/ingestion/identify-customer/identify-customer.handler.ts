import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  anonymousStream,
  chainEvents,
  CustomerIdentified,
  deserialize,
  deterministicEventId,
  nextPreviousHash,
  serialize,
} from '@journey/events';
import { EVENT_STORE, EventStore, WrongExpectedVersionError } from '@journey/event-store';
import { firstLinkOf } from '@journey/domain';
import { AppError } from '../../common/app-error';
import { metadataOf } from '../event-metadata';
import { IdentifyCustomer } from './identify-customer.command';

const MAX_ATTEMPTS = 5;

/** An anonymous id belongs to one customer: linking it to another is refused. */
@CommandHandler(IdentifyCustomer)
export class IdentifyCustomerHandler implements ICommandHandler<IdentifyCustomer> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ identity, context }: IdentifyCustomer) {
    const { anonymousId, customerId, occurredAt } = identity;
    const stream = anonymousStream(anonymousId);
    for (let attempt = 1; ; attempt++) {
      const history = await this.store.readStream(stream);
      // The first link wins (log-rules.ts): a later one would change nothing, so it is refused.
      const linked = firstLinkOf(history.map((e) => deserialize(e)?.event));
      if (linked === customerId) return { anonymousId, customerId, status: 'duplicate' as const };
      if (linked !== null) {
        throw new AppError(
          'ANONYMOUS_ID_ALREADY_LINKED',
          `Anonymous id "${anonymousId}" already belongs to another customer`,
          {
            anonymousId,
          },
        );
      }
      const event: CustomerIdentified = {
        type: 'CustomerIdentified',
        data: { anonymousId, customerId, occurredAt },
      };
      const id = deterministicEventId(stream, 'identified', customerId);
      const head = history.at(-1);
      try {
        await this.store.appendToStream(
          stream,
          chainEvents(nextPreviousHash(head), [serialize(id, event, metadataOf(context))]),
          { expectedRevision: head ? head.revision : 'no_stream' },
        );
        return { anonymousId, customerId, status: 'accepted' as const };
      } catch (err) {
        if (err instanceof WrongExpectedVersionError && attempt < MAX_ATTEMPTS) continue;
        throw err;
      }
    }
  }
}
