import { describeEventStoreContract } from '../../test/contract';
import { createEventStoreDbEventStore } from './eventstoredb-event-store';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describeEventStoreContract('eventstoredb', async () => {
    const store = createEventStoreDbEventStore(connectionString);
    await store.ping();
    return { store, teardown: () => store.close() };
  });
} else {
  console.warn(
    'EventStoreDB contract suite SKIPPED: EVENTSTORE_CONNECTION_STRING is not set (no EventStoreDB server can run on this machine; see docs/operations.md).',
  );
  describe('EventStore contract: eventstoredb (no server)', () => {
    it('loads the adapter and builds a client from a connection string without connecting', async () => {
      const store = createEventStoreDbEventStore('esdb://localhost:2113?tls=false');
      for (const method of [
        'appendToStream',
        'readStream',
        'readAll',
        'subscribeToAll',
        'ping',
        'close',
      ] as const) {
        expect(typeof store[method]).toBe('function');
      }
      await store.close();
    });
  });
}
