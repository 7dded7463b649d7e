import { CustomerIdentified, JourneyEvent } from '@journey/events';
import { given } from '../../test/given';
import { identifyCustomer } from './identify-customer.decider';

const link = (customerId: string, occurredAt = '2024-01-01T00:00:00Z'): CustomerIdentified => ({
  type: 'CustomerIdentified',
  data: { anonymousId: 'anon-1', customerId, occurredAt },
});
const touchpoint = { type: 'TouchpointRecorded', data: { touchpointId: 't1' } } as JourneyEvent;

describe('identifyCustomer decider', () => {
  it('given an unlinked anonymous id, when identified, then the link is recorded', () => {
    given(identifyCustomer, touchpoint)
      .when(link('c1', '2024-02-02T00:00:00Z').data)
      .then(link('c1', '2024-02-02T00:00:00Z'));
  });

  it('given a link to the same customer, when identified again, then nothing is recorded', () => {
    given(identifyCustomer, link('c1'), touchpoint)
      .when(link('c1', '2024-03-03T00:00:00Z').data)
      .then();
  });

  it('given a link to another customer, when identified, then ANONYMOUS_ID_ALREADY_LINKED', () => {
    given(identifyCustomer, link('c1'))
      .when(link('c2').data)
      .thenFails('ANONYMOUS_ID_ALREADY_LINKED', { anonymousId: 'anon-1' });
  });

  it('given two links in the log, the first wins: its customer is a duplicate, the second is refused', () => {
    given(identifyCustomer, link('c1'), link('c2')).when(link('c1').data).then();
    given(identifyCustomer, link('c1'), link('c2'))
      .when(link('c2').data)
      .thenFails('ANONYMOUS_ID_ALREADY_LINKED');
  });
});
