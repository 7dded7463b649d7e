import { CustomerIdentified, JourneyEvent } from '@journey/events';
import { firstLinkOf } from '../log/log-rules';
import { Decider, DomainError } from './decider';

export type IdentifyCustomerCommand = CustomerIdentified['data'];

/** The customer the anonymous id's stream links it to; null: not linked yet. */
export interface AnonymousIdentity {
  readonly linkedTo: string | null;
}

export class AnonymousIdAlreadyLinked extends DomainError {
  constructor(anonymousId: string) {
    super(
      'ANONYMOUS_ID_ALREADY_LINKED',
      `Anonymous id "${anonymousId}" already belongs to another customer`,
      { anonymousId },
    );
  }
}

/**
 * An anonymous id belongs to one customer. The first link wins (log-rules.ts): the same link
 * again records nothing, a link to another customer is refused (a later one would change nothing).
 */
export const identifyCustomer: Decider<IdentifyCustomerCommand, AnonymousIdentity, JourneyEvent> = {
  initialState: { linkedTo: null },
  evolve: (state, event) => ({ linkedTo: state.linkedTo ?? firstLinkOf([event]) }),
  decide: (command, { linkedTo }) => {
    if (linkedTo === command.customerId) return [];
    if (linkedTo !== null) throw new AnonymousIdAlreadyLinked(command.anonymousId);
    const { anonymousId, customerId, occurredAt } = command;
    return [{ type: 'CustomerIdentified', data: { anonymousId, customerId, occurredAt } }];
  },
};
