import { anonymousStream, customerStream, deserialize, JourneyEvent } from '@journey/events';
import { RivalWriterStore } from '../../../test/rival-writer';
import { PersonalData } from '../../personal-data/personal-data.service';
import { CustomerHistory } from '../customer-history';
import { EraseCustomer } from './erase-customer.command';
import { EraseCustomerHandler } from './erase-customer.handler';

const context = { requestId: 'r1', correlationId: 'c1', apiKeyId: null, caller: 'test' };
const feedback = { type: 'FeedbackGiven', data: { feedbackId: 'f' } } as JourneyEvent;
const clock = { now: () => new Date('2024-05-05T00:00:00Z') };

function handlerWith(store: RivalWriterStore, keys: string[][]) {
  const history = {
    load: async (customerId: string) => ({
      customerId,
      streams: [customerStream(customerId), anonymousStream('a1')],
      events: [],
    }),
  };
  const personal = { keys: { destroy: async () => keys.shift() ?? [] } };
  return new EraseCustomerHandler(
    store,
    history as unknown as CustomerHistory,
    personal as unknown as PersonalData,
    clock,
  );
}

describe('EraseCustomerHandler (in-memory store)', () => {
  it('given a rival event during the append, then CustomerErased is retried after it, chained; a repeat that destroys nothing records nothing', async () => {
    const store = new RivalWriterStore(1, () => feedback);
    const stream = customerStream('c1');
    await store.record(stream, feedback);
    const handler = handlerWith(store, [['k1', 'k2']]);
    await expect(handler.execute(new EraseCustomer('c1', context))).resolves.toEqual({
      customerId: 'c1',
      status: 'erased',
      anonymousIds: ['a1'],
      keyIds: ['k1', 'k2'],
      erasedAt: '2024-05-05T00:00:00.000Z',
    });
    const stored = await store.readStream(stream);
    expect(stored.map((e) => e.type)).toEqual(['FeedbackGiven', 'FeedbackGiven', 'CustomerErased']);
    expect(deserialize(stored[2])?.event.data).toMatchObject({ keyIds: ['k1', 'k2'] });
    expect(await store.chainBreak(stream)).toBeNull();

    await expect(handler.execute(new EraseCustomer('c1', context))).resolves.toMatchObject({
      status: 'already_erased',
      erasedAt: null,
    });
    expect(await store.readStream(stream)).toHaveLength(3);
  });
});
