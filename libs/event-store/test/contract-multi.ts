import { randomUUID } from 'node:crypto';
import { EventStore, EventToAppend, InvalidAppendError, WrongExpectedVersionError } from '../src';

const ev = (type = 'M'): EventToAppend => ({ id: randomUUID(), type, data: { n: 1 } });
const unique = (name: string) => `${name}${randomUUID().slice(0, 8)}-`;

/** appendToStreams: part of the contract every adapter passes. */
export function describeMultiStreamContract(getStore: () => EventStore): void {
  describe('appending to several streams at once', () => {
    it('stores each stream on its own: a conflict on one leaves the others stored; outcomes in input order', async () => {
      const store = getStore();
      const p = unique('multi-');
      await store.appendToStream(p + 'existing', [ev(), ev()]);
      await store.appendToStream(p + 'stale', [ev()]);
      const outcomes = await store.appendToStreams([
        { stream: p + 'new', events: [ev('a'), ev('b')], expectedRevision: 'no_stream' },
        { stream: p + 'stale', events: [ev('lost')], expectedRevision: 5n },
        { stream: p + 'existing', events: [ev('c')], expectedRevision: 1n },
      ]);
      expect(outcomes.map((o) => o.stream)).toEqual([p + 'new', p + 'stale', p + 'existing']);
      expect(outcomes[0].result?.nextRevision).toBe(1n);
      expect(outcomes[1].error).toBeInstanceOf(WrongExpectedVersionError);
      expect(outcomes[1].error?.actual).toBe(0n);
      expect(outcomes[2].result?.nextRevision).toBe(2n);
      expect((await store.readStream(p + 'new')).map((e) => e.type)).toEqual(['a', 'b']);
      expect((await store.readStream(p + 'stale')).map((e) => e.type)).toEqual(['M']);
    });

    it('reports a repeated multi-append as duplicates per stream, storing nothing twice', async () => {
      const store = getStore();
      const p = unique('multi-dup-');
      const appends = [
        { stream: p + '1', events: [ev(), ev()] },
        { stream: p + '2', events: [ev()] },
      ];
      await store.appendToStreams(appends);
      const again = await store.appendToStreams(appends);
      expect(again.map((o) => o.result?.duplicateIds.length)).toEqual([2, 1]);
      expect(await store.readStream(p + '1')).toHaveLength(2);
    });

    it('refuses the same stream twice in one call', async () => {
      const store = getStore();
      const s = unique('multi-twice-');
      await expect(
        store.appendToStreams([
          { stream: s, events: [ev()] },
          { stream: s, events: [ev()] },
        ]),
      ).rejects.toBeInstanceOf(InvalidAppendError);
    });

    it('8 writers appending to overlapping sets of streams: no deadlock, every event once, revisions contiguous', async () => {
      const store = getStore();
      const p = unique('multi-race-');
      const streams = Array.from({ length: 20 }, (_, i) => `${p}${i}`);
      let written = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let round = 0; round < 25; round++) {
            const picked = streams.filter(() => Math.random() < 0.4);
            const outcomes = await store.appendToStreams(
              picked.map((stream) => ({ stream, events: [ev(), ev()] })),
            );
            for (const o of outcomes) {
              expect(o.error).toBeUndefined();
              written += 2;
            }
          }
        }),
      );
      let stored = 0;
      for (const s of streams) {
        const events = await store.readStream(s);
        expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
        stored += events.length;
      }
      expect(stored).toBe(written);
    });
  });
}
