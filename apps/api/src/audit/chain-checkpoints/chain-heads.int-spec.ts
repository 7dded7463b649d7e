import { chainEvents, ChainCheckpoint, ChainHead, makeCheckpoint } from '@journey/events';
import { EventStore } from '@journey/event-store';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createStoreTestDatabase, StoreTestDatabase } from '../../../../../test/test-database';
import { allChainHeads } from './chain-heads';
import { CheckpointMatch } from './checkpoint-match';

const chained = (n: number) =>
  chainEvents(
    '0'.repeat(64),
    Array.from({ length: n }, (_, i) => ({
      id: randomUUID(),
      type: 'TouchpointRecorded',
      data: { i },
      metadata: {},
    })),
  );

describe('chain heads (real PostgreSQL)', () => {
  let t: StoreTestDatabase;
  beforeAll(async () => {
    t = await createStoreTestDatabase(4);
    await t.store.appendToStream('customer-b', chained(3));
    await t.store.appendToStream('anonymous-a', chained(1));
    await t.store.appendToStream('journey-definition-j', chained(2));
    await t.store.appendToStream('something-else', chained(4));
  });
  afterAll(() => t?.drop());

  it("reads each chained stream's head from the store's index, and the same by scanning a store without one", async () => {
    const indexed = await allChainHeads(t.store);
    expect(indexed.map((h) => [h[0], h[1]])).toEqual([
      ['anonymous-a', 0],
      ['customer-b', 2],
      ['journey-definition-j', 1],
    ]);
    const [last] = await t.store.readStream('customer-b', { backwards: true, maxCount: 1 });
    expect(indexed[1][2]).toBe(last.metadata.hash);
    const scanning = Object.create(t.store) as EventStore;
    Object.defineProperty(scanning, 'readStreamHeads', { value: undefined });
    const scanned = await allChainHeads(scanning);
    expect(scanned).toEqual(indexed);
  });

  it('matches a checkpoint: a changed head, a missing stream and a stream cut short are named', async () => {
    const signed: ChainHead[] = (await allChainHeads(t.store)).map((h) => {
      if (h[0] === 'anonymous-a') return [h[0], 5, 'e'.repeat(64)]; // since cut short
      if (h[0] === 'customer-b') return [h[0], h[1], 'd'.repeat(64)]; // since rewritten
      return h;
    });
    signed.push(['customer-gone', 0, 'f'.repeat(64)]);
    const checkpoint: ChainCheckpoint = makeCheckpoint(
      signed,
      generateKeyPairSync('ed25519').privateKey,
      new Date(),
    );
    const match = new CheckpointMatch(checkpoint);
    for (const s of ['anonymous-a', 'customer-b', 'journey-definition-j'])
      (await t.store.readStream(s)).forEach((e) => match.push(e));
    expect(match.breaks().map((b) => [b.stream, b.reason, b.revision])).toEqual([
      ['anonymous-a', 'head_missing', 5],
      ['customer-b', 'head_changed', 2],
      ['customer-gone', 'head_missing', 0],
    ]);
  });
});
