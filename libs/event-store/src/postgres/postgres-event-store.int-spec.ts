import { describeEventStoreContract } from '../../test/contract';
import { createTestDatabase } from '../../../../test/test-database';
import { PostgresEventStore } from './postgres-event-store';

describeEventStoreContract('postgres', async () => {
  const db = await createTestDatabase(30);
  const store = new PostgresEventStore(db.pool, { pollIntervalMs: 200 });
  await store.ensureSchema();
  return {
    store,
    teardown: async () => {
      await store.close();
      await db.drop();
    },
  };
});
