import { PARTITION_INDEX_LOCK_KEY } from '../../../libs/event-store/src/postgres/partition-indexes';
import { SCHEMA_LOCK_KEY } from '../../../libs/event-store/src/postgres/schema';
import { MIGRATION_LOCK_KEY } from '@journey/read-models';

describe('advisory lock keys', () => {
  // Two uses of one key serialise unrelated work, and deadlocked here: a projector migrating the
  // read models waited for the partition index build, which waited for that migration's
  // transaction to end.
  it('are distinct across the store and the read models', () => {
    const keys = [SCHEMA_LOCK_KEY, PARTITION_INDEX_LOCK_KEY, MIGRATION_LOCK_KEY];
    expect(new Set(keys).size).toBe(keys.length);
  });
});
