import { randomUUID } from 'node:crypto';
import { createStoreTestDatabase, StoreTestDatabase } from '../../../../test/test-database';

describe('PostgresEventStore.estimateEventsAfter', () => {
  let t: StoreTestDatabase;
  beforeAll(async () => (t = await createStoreTestDatabase(2)));
  afterAll(async () => t?.drop());

  it('gives the events after each position from the newest one, without counting them', async () => {
    expect(await t.store.estimateEventsAfter([undefined])).toEqual([0]);
    const ev = () => ({ id: randomUUID(), type: 'T', data: {} });
    const first = await t.store.appendToStream('s-1', [ev(), ev()]);
    await t.store.appendToStream('s-2', [ev(), ev(), ev()]);
    const all = await t.store.readAll();
    expect(await t.store.estimateEventsAfter([undefined, first.position, all[4].position])).toEqual(
      [5, 3, 0],
    );
  });
});
