import { SourceMapping } from '@journey/domain';
import { PostgresEventStore } from '../../../../../libs/event-store/src/postgres/postgres-event-store';
import { createStoreTestDatabase, StoreTestDatabase } from '../../../../../test/test-database';
import { RequestContext } from '../../common/request-context';
import { DefineSourceMapping } from './define-source-mapping.command';
import { DefineSourceMappingHandler } from './define-source-mapping.handler';
import { MAPPING_RECHECK_MS, SourceMappingCache } from './source-mapping.cache';

/** A cache on a clock the test moves. */
class ManualCache extends SourceMappingCache {
  at = 0;
  protected override now(): number {
    return this.at;
  }
}

const context: RequestContext = {
  requestId: 'r',
  correlationId: 'r',
  apiKeyId: null,
  caller: 'admin',
};
const mapping = (step: string): SourceMapping => ({
  defaultChannel: null,
  rules: [
    {
      match: { kind: 'track', name: 'Signed Up' },
      journey: 'onboarding',
      journeyFrom: null,
      step,
      stepFrom: null,
      stage: null,
      outcome: null,
      channel: null,
    },
  ],
});

describe('SourceMappingCache across two API processes sharing a store', () => {
  let t: StoreTestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    t = await createStoreTestDatabase(4, { pollIntervalMs: 200 });
    store = t.store;
  });
  afterAll(async () => t?.drop());

  it('given a mapping changed through process A, then A maps with it at once and B within the recheck interval', async () => {
    const a = new ManualCache(store);
    const b = new ManualCache(store);
    const defineThroughA = (step: string) =>
      new DefineSourceMappingHandler(store, a).execute(
        new DefineSourceMapping('svc', mapping(step), context),
      );
    expect(await b.get('svc')).toBeNull();
    await defineThroughA('signup');
    expect((await a.get('svc'))?.data.rules[0].step).toBe('signup');
    // B remembered "no mapping" a moment ago: it keeps that until the recheck.
    b.at = MAPPING_RECHECK_MS - 1;
    expect(await b.get('svc')).toBeNull();
    b.at = MAPPING_RECHECK_MS;
    expect(await b.get('svc')).toMatchObject({ version: 1 });

    await defineThroughA('register');
    expect(await a.get('svc')).toMatchObject({ version: 2, data: { source: 'svc' } });
    expect((await b.get('svc'))?.version).toBe(1);
    b.at = 2 * MAPPING_RECHECK_MS;
    expect((await b.get('svc'))?.data.rules[0].step).toBe('register');
  });

  it('given the same mapping again, then no new version is recorded', async () => {
    const cache = new ManualCache(store);
    const handler = new DefineSourceMappingHandler(store, cache);
    const first = await handler.execute(new DefineSourceMapping('same', mapping('x'), context));
    const again = await handler.execute(new DefineSourceMapping('same', mapping('x'), context));
    expect([first.changed, again.changed, again.version]).toEqual([true, false, 1]);
  });

  it('given many requests at once for an entry not cached, then they share one read', async () => {
    let reads = 0;
    const counting = Object.create(store) as PostgresEventStore;
    counting.readStream = (...args) => {
      reads++;
      return store.readStream(...args);
    };
    const cache = new ManualCache(counting);
    await Promise.all(Array.from({ length: 20 }, () => cache.get('svc')));
    expect(reads).toBe(1);
  });
});
