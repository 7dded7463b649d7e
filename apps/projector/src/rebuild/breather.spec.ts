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
    // Microtask-only work until the breather has given 10 turns (counted, not timed: a busy host
    // gives fewer milliseconds' worth): without a breather, `tick` could not run even once.
    let turns = 0;
    // Bounded, so a breather that never yields fails the test instead of hanging it.
    for (let i = 0; turns < 10 && i < 1_000_000; i++) {
      await Promise.resolve();
      const turn = breather.breathe();
      if (turn) turns++;
      await turn;
    }
    expect(other).toBeGreaterThan(5);
  });

  it('given calls within its interval, then it answers at once, without a turn of the event loop', () => {
    const breather = new Breather(60_000);
    expect(breather.breathe()).toBeUndefined();
  });
});
