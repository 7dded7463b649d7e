import { CustomerIdentified, deserialize, JourneyEvent } from '@journey/events';
import { WrongExpectedVersionError } from '@journey/event-store';
import { Decider, DomainError } from '@journey/domain';
import { RivalWriterStore } from '../../test/rival-writer';
import { AppError } from './app-error';
import { handleCommand, MAX_ATTEMPTS } from './handle-command';

const metadata = {
  correlationId: 'c',
  causationId: 'r',
  requestId: 'r',
  source: 's',
  apiKeyId: null,
};
const link = (customerId: string): CustomerIdentified => ({
  type: 'CustomerIdentified',
  data: { anonymousId: 'a', customerId, occurredAt: '2024-01-01T00:00:00Z' },
});

/** Records a link per command and counts the links it saw; refuses a customer named 'refused'. */
const counting: Decider<string, number, JourneyEvent> = {
  initialState: 0,
  evolve: (n, e) => (e.type === 'CustomerIdentified' ? n + 1 : n),
  decide: (customerId, n) => {
    if (customerId === 'refused') throw new DomainError('ANONYMOUS_ID_ALREADY_LINKED', 'no', { n });
    return [link(`${customerId}-${n}`)];
  },
};

describe('handleCommand', () => {
  it('given a rival append between the read and the append, then it decides again on the new state, and the chain holds', async () => {
    const store = new RivalWriterStore(1, () => link('rival'));
    await store.record('s-1', link('first'));
    const outcome = await handleCommand(store, 's-1', counting, 'me', { metadata });
    expect(store.appends).toBe(2);
    expect(outcome.state).toBe(2);
    const stored = await store.readStream('s-1');
    expect(stored.map((e) => deserialize(e)?.event)).toEqual([
      link('first'),
      link('rival'),
      link('me-2'),
    ]);
    expect(await store.chainBreak('s-1')).toBeNull();
  });

  it(`given conflicts on every attempt, then it gives up after ${MAX_ATTEMPTS} with CONCURRENCY_CONFLICT`, async () => {
    const store = new RivalWriterStore(100, () => link('rival'));
    const err = await handleCommand(store, 's-2', counting, 'me', { metadata }).catch((e) => e);
    expect(err).toBeInstanceOf(WrongExpectedVersionError);
    expect(err.code).toBe('CONCURRENCY_CONFLICT');
    expect(store.appends).toBe(MAX_ATTEMPTS);
    const types = (await store.readStream('s-2')).map((e) => deserialize(e)?.event);
    expect(types).toEqual(Array.from({ length: MAX_ATTEMPTS }, () => link('rival')));
  });

  it("turns a decider's refusal into an AppError with its code and details, appending nothing", async () => {
    const store = new RivalWriterStore(0, () => link('rival'));
    const err = await handleCommand(store, 's-3', counting, 'refused', { metadata }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'ANONYMOUS_ID_ALREADY_LINKED', details: { n: 0 } });
    expect(store.appends).toBe(0);
  });

  it('gives each event the id of the revision it takes', async () => {
    const store = new RivalWriterStore(1, () => link('rival'));
    const ids: bigint[] = [];
    const id = (r: bigint) => (
      ids.push(r),
      `00000000-0000-4000-8000-${String(r).padStart(12, '0')}`
    );
    await handleCommand(store, 's-4', counting, 'me', { metadata, eventId: id });
    expect(ids).toEqual([0n, 1n]);
    expect((await store.readStream('s-4'))[1].id).toBe('00000000-0000-4000-8000-000000000001');
  });
});
