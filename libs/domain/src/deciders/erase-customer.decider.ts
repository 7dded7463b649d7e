import { CustomerErased, JourneyEvent } from '@journey/events';
import { Decider } from './decider';

/** The erasure as done before it is recorded: keys destroyed (keyIds), at erasedAt. */
export type EraseCustomerCommand = CustomerErased['data'];

/** Whether the customer's stream records an erasure already. */
export interface CustomerErasureState {
  readonly erased: boolean;
}

/**
 * The keys are destroyed before this decision (by the caller). A retry after a failed append
 * finds no key left and records the event; once recorded, a repeat that destroyed nothing records
 * nothing. Keys destroyed again (personal data given since) are recorded by a new erasure.
 */
export const eraseCustomer: Decider<EraseCustomerCommand, CustomerErasureState, JourneyEvent> = {
  initialState: { erased: false },
  evolve: (state, event) => (event.type === 'CustomerErased' ? { erased: true } : state),
  decide: (command, { erased }) =>
    command.keyIds.length === 0 && erased ? [] : [{ type: 'CustomerErased', data: command }],
};
