import { StreamLocks } from './stream-locks';

const tick = () => new Promise((r) => setImmediate(r));

describe('StreamLocks', () => {
  it('given a holder of a stream, when another caller asks for it, then it waits for the release', async () => {
    const locks = new StreamLocks();
    const order: string[] = [];
    let finishFirst!: () => void;
    const first = locks.run(['customer-a'], async () => {
      order.push('first in');
      await new Promise<void>((r) => (finishFirst = r));
      order.push('first out');
    });
    const second = locks.run(['customer-a'], async () => void order.push('second in'));
    await tick();
    expect(order).toEqual(['first in']);
    finishFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second in']);
    expect(locks.size).toBe(0);
  });

  it('given different streams, callers run at the same time', async () => {
    const locks = new StreamLocks();
    let inside = 0;
    let most = 0;
    const work = async () => {
      most = Math.max(most, ++inside);
      await tick();
      inside--;
    };
    await Promise.all([locks.run(['customer-a'], work), locks.run(['customer-b'], work)]);
    expect(most).toBe(2);
  });

  it('given callers taking overlapping sets in opposite orders, all finish (no deadlock) one at a time per stream', async () => {
    const locks = new StreamLocks();
    const holders = new Map<string, number>();
    let overlaps = 0;
    const work = (streams: string[]) => async () => {
      for (const s of new Set(streams)) {
        if (holders.get(s)) overlaps++;
        holders.set(s, (holders.get(s) ?? 0) + 1);
      }
      await tick();
      for (const s of new Set(streams)) holders.set(s, holders.get(s)! - 1);
    };
    const sets = Array.from({ length: 40 }, (_, i) =>
      i % 2 ? ['s-b', 's-a', `s-${i % 5}`] : [`s-${i % 5}`, 's-a', 's-b', 's-b'],
    );
    await Promise.all(sets.map((s) => locks.run(s, work(s))));
    expect(overlaps).toBe(0);
    expect(locks.size).toBe(0);
  });

  it('given work that throws, the streams are released and the error reaches the caller', async () => {
    const locks = new StreamLocks();
    await expect(
      locks.run(['customer-a'], async () => {
        throw new Error('store down');
      }),
    ).rejects.toThrow('store down');
    await expect(locks.run(['customer-a'], async () => 'next')).resolves.toBe('next');
    expect(locks.size).toBe(0);
  });

  it('given a stream held by a runner, when takeFree asks for it and a free one, then only the free one is taken until released', async () => {
    const locks = new StreamLocks();
    let finish!: () => void;
    const holder = locks.run(['customer-a'], () => new Promise<void>((r) => (finish = r)));
    await tick();
    const claim = locks.takeFree(['customer-a', 'customer-b', 'customer-b']);
    expect([...claim.taken]).toEqual(['customer-b']);
    const order: string[] = [];
    const queued = locks.run(['customer-b'], async () => void order.push('queued ran'));
    await tick();
    expect(order).toEqual([]);
    claim.release();
    await queued;
    expect(order).toEqual(['queued ran']);
    finish();
    await holder;
    expect(locks.size).toBe(0);
  });
});
