import { randomUUID } from 'node:crypto';
import { EventStore, InvalidAppendError } from '../src';

const ev = (n: number) => ({ id: randomUUID(), type: 'S', data: { n } });

/** readStreamStates (optional): what a writer checks before appending several events. */
export function describeStreamStatesContract(adapter: string, getStore: () => EventStore): void {
  describe('stream states (optional)', () => {
    it("gives each stream's last event and the requested ids it holds, in request order", async () => {
      const store = getStore();
      if (!store.readStreamStates) {
        process.stdout.write(
          `${adapter}: readStreamStates not offered, streams are read one by one\n`,
        );
        return;
      }
      const prefix = `states-${randomUUID().slice(0, 8)}-`;
      const [a, b, missing, other] = ['a', 'b', 'missing', 'other'].map((n) => prefix + n);
      const inA = [ev(0), ev(1), ev(2)];
      const inB = [ev(0)];
      const inOther = ev(0);
      await store.appendToStream(a, inA);
      await store.appendToStream(b, inB);
      await store.appendToStream(other, [inOther]);
      const fresh = randomUUID();
      const states = await store.readStreamStates([
        { stream: b, eventIds: [inB[0].id.toUpperCase(), fresh] },
        { stream: missing, eventIds: [fresh] },
        // An id of another stream is not this stream's.
        { stream: a, eventIds: [inA[2].id, inA[0].id, inOther.id] },
        { stream: other, eventIds: [] },
      ]);
      expect(
        states.map((s) => [s.stream, s.last?.revision, s.last?.id, [...s.knownIds].sort()]),
      ).toEqual([
        [b, 0n, inB[0].id, [inB[0].id]],
        [missing, undefined, undefined, []],
        [a, 2n, inA[2].id, [inA[0].id, inA[2].id].sort()],
        [other, 0n, inOther.id, []],
      ]);
      expect(states[2].last?.data).toEqual({ n: 2 });
      expect(states[1].last).toBeNull();
    });

    it('refuses an id that is not a UUID', async () => {
      const store = getStore();
      if (!store.readStreamStates) return;
      await expect(
        store.readStreamStates([{ stream: 'x', eventIds: ['not-a-uuid'] }]),
      ).rejects.toBeInstanceOf(InvalidAppendError);
    });
  });
}
