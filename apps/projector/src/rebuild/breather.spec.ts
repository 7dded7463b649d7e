import { Breather } from './breather';

describe('Breather', () => {
  it('given a loop of writes that resolve at once, when it breathes, then a waiting callback gets its turn', async () => {
    let other = 0;
    const tick = () => {
      other++;
      if (other < 1000) setImmediate(tick);
    };
    setImmediate(tick);
    const breather = new Breather(1);
    const started = Date.now();
    // 30 ms of microtask-only work: without a breather, `tick` could not run even once.
    while (Date.now() - started < 30) {
      await Promise.resolve();
      await breather.breathe();
    }
    expect(other).toBeGreaterThan(5);
  });

  it('given calls within its interval, then it answers at once, without a turn of the event loop', () => {
    const breather = new Breather(60_000);
    expect(breather.breathe()).toBeUndefined();
  });
});
