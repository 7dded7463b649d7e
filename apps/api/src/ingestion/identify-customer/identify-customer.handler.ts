import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  anonymousStream,
  CustomerIdentified,
  deserialize,
  deterministicEventId,
  serialize,
} from '@journey/events';
import { EVENT_STORE, EventStore, WrongExpectedVersionError } from '@journey/event-store';
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
      const linked = history
        .map((e) => deserialize(e)?.event)
        .find((e): e is CustomerIdentified => e?.type === 'CustomerIdentified');
      if (linked && linked.data.customerId === customerId)
        return { anonymousId, customerId, status: 'duplicate' as const };
      if (linked) {
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
      try {
        await this.store.appendToStream(stream, [serialize(id, event, metadataOf(context))], {
          expectedRevision: history.length > 0 ? history[history.length - 1].revision : 'no_stream',
        });
        return { anonymousId, customerId, status: 'accepted' as const };
      } catch (err) {
        if (err instanceof WrongExpectedVersionError && attempt < MAX_ATTEMPTS) continue;
        throw err;
      }
    }
  }
}
