import { CustomerErased, JourneyEvent } from '@journey/events';
import { given } from '../../test/given';
import { eraseCustomer } from './erase-customer.decider';

const erased = (keyIds: string[], erasedAt = '2024-05-05T00:00:00.000Z'): CustomerErased => ({
  type: 'CustomerErased',
  data: { customerId: 'c1', anonymousIds: ['anon-1'], keyIds, erasedAt },
});
const feedback = { type: 'FeedbackGiven', data: { feedbackId: 'f1' } } as JourneyEvent;

describe('eraseCustomer decider', () => {
  it('given a customer never erased, when keys are destroyed, then the erasure is recorded', () => {
    given(eraseCustomer, feedback)
      .when(erased(['k1']).data)
      .then(erased(['k1']));
  });

  it('given a customer never erased, when no key was left (a retry after a failed append), then the erasure is recorded', () => {
    given(eraseCustomer).when(erased([]).data).then(erased([]));
  });

  it('given a recorded erasure, when no key was left, then nothing is recorded', () => {
    given(eraseCustomer, erased(['k1']), feedback)
      .when(erased([]).data)
      .then();
  });

  it('given a recorded erasure, when keys were destroyed again (data given since), then a new erasure is recorded', () => {
    const again = erased(['k2'], '2024-06-06T00:00:00.000Z');
    given(eraseCustomer, erased(['k1']), feedback)
      .when(again.data)
      .then(again);
  });
});
