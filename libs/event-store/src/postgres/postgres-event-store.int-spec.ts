import { describeEventStoreContract } from '../../test/contract';
import { createStoreTestDatabase } from '../../../../test/test-database';

describeEventStoreContract('postgres', async () => {
  const { store, drop } = await createStoreTestDatabase(30, { pollIntervalMs: 200 });
  return { store, teardown: drop };
});
