import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('given a burst of 3 at 1/s, when 4 are taken at once, then the 4th waits 1 s, and peek takes nothing', () => {
    const limiter = new RateLimiter(1, 3);
    expect([0, 0, 0].map(() => limiter.take('a', 0))).toEqual([0, 0, 0]);
    expect(limiter.peek('a', 0)).toBe(1);
    expect(limiter.peek('a', 0)).toBe(1);
    expect(limiter.take('a', 0)).toBe(1);
    expect(limiter.peek('a', 1000)).toBe(0);
    expect(limiter.peek('never-seen', 0)).toBe(0);
  });

  it('given room for 2 keys, when a 3rd comes, then the least recently used bucket is dropped (starts full again)', () => {
    const limiter = new RateLimiter(1, 1, 2);
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.peek('a', 0); // a is used again: b is now the oldest
    limiter.take('c', 0);
    expect(limiter.peek('a', 0)).toBe(1);
    expect(limiter.peek('b', 0)).toBe(0);
  });
});
