import { anonymousStream, deserialize, JourneyEvent } from '@journey/events';
import { RivalWriterStore } from '../../../test/rival-writer';
import { IdentifyCustomer } from './identify-customer.command';
import { IdentifyCustomerHandler } from './identify-customer.handler';

const context = { requestId: 'r1', correlationId: 'c1', apiKeyId: null, caller: 'test' };
const identify = (anonymousId: string, customerId: string) =>
  new IdentifyCustomer({ anonymousId, customerId, occurredAt: '2024-01-01T00:00:00Z' }, context);
const link = (anonymousId: string, customerId: string): JourneyEvent => ({
  type: 'CustomerIdentified',
  data: { anonymousId, customerId, occurredAt: '2024-01-01T00:00:00Z' },
});
const touchpoint = { type: 'TouchpointRecorded', data: { touchpointId: 't' } } as JourneyEvent;

describe('IdentifyCustomerHandler (in-memory store)', () => {
  it('given a rival touchpoint during the append, then the link is retried and recorded after it, chained', async () => {
    const store = new RivalWriterStore(1, () => touchpoint);
    const handler = new IdentifyCustomerHandler(store);
    await expect(handler.execute(identify('a1', 'c1'))).resolves.toEqual({
      anonymousId: 'a1',
      customerId: 'c1',
      status: 'accepted',
    });
    const stream = anonymousStream('a1');
    const stored = await store.readStream(stream);
    expect(stored.map((e) => e.type)).toEqual(['TouchpointRecorded', 'CustomerIdentified']);
    expect(stored[1].metadata).toMatchObject({ requestId: 'r1', source: 'test' });
    expect(await store.chainBreak(stream)).toBeNull();
    // Again: a duplicate, nothing new.
    await expect(handler.execute(identify('a1', 'c1'))).resolves.toMatchObject({
      status: 'duplicate',
    });
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('given a rival linking the id to another customer meanwhile, then ANONYMOUS_ID_ALREADY_LINKED', async () => {
    const store = new RivalWriterStore(1, () => link('a2', 'c-rival'));
    const err = await new IdentifyCustomerHandler(store)
      .execute(identify('a2', 'c2'))
      .catch((e) => e);
    expect(err).toMatchObject({
      code: 'ANONYMOUS_ID_ALREADY_LINKED',
      details: { anonymousId: 'a2' },
    });
    const stored = await store.readStream(anonymousStream('a2'));
    expect(stored.map((e) => deserialize(e)?.event)).toEqual([link('a2', 'c-rival')]);
  });
});
