import { DEFAULT_RETRY_POLICY, delayCeilingMs, nextAttemptAt, RetryPolicy } from './backoff';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const policy: RetryPolicy = DEFAULT_RETRY_POLICY;
const T0 = Date.parse('2026-05-01T10:00:00Z');

/** Every attempt time of a delivery that always fails, with a fixed jitter draw. */
function schedule(draw: number): number[] {
  const times = [T0];
  for (;;) {
    const at = times[times.length - 1];
    const next = nextAttemptAt(
      { failures: times.length, firstAttemptAt: T0, attemptedAt: at },
      policy,
      () => draw,
    );
    if (next === null) return times;
    times.push(next);
  }
}

describe('retry backoff', () => {
  it('given the default policy, then the ceiling doubles from 10 s and stops at 1 h', () => {
    const ceilings = [1, 2, 3, 4, 5, 9, 10, 11, 50].map((n) => delayCeilingMs(n, policy) / SECOND);
    expect(ceilings).toEqual([10, 20, 40, 80, 160, 2560, 3600, 3600, 3600]);
  });

  it('given the jitter draw, then the delay is between half the ceiling and the ceiling', () => {
    const after = (failures: number, draw: number) =>
      nextAttemptAt({ failures, firstAttemptAt: T0, attemptedAt: T0 }, policy, () => draw)! - T0;
    expect(after(1, 0)).toBe(5 * SECOND);
    expect(after(1, 0.5)).toBe(7.5 * SECOND);
    expect(after(1, 0.999999)).toBeLessThanOrEqual(10 * SECOND);
    expect(after(3, 0)).toBe(20 * SECOND);
    expect(after(12, 0)).toBe(HOUR / 2);
  });

  it('given a failure near the end of the window, then the retry is at the window end exactly', () => {
    const deadline = T0 + 24 * HOUR;
    const next = nextAttemptAt(
      { failures: 30, firstAttemptAt: T0, attemptedAt: deadline - 60 * SECOND },
      policy,
      () => 0,
    );
    expect(next).toBe(deadline);
  });

  it('given a failure at or after 24 h from the first attempt, then there is no retry', () => {
    const failed = (attemptedAt: number) =>
      nextAttemptAt({ failures: 40, firstAttemptAt: T0, attemptedAt }, policy, () => 0.5);
    expect(failed(T0 + 24 * HOUR)).toBeNull();
    expect(failed(T0 + 25 * HOUR)).toBeNull();
    expect(failed(T0 + 24 * HOUR - 1)).toBe(T0 + 24 * HOUR);
  });

  it('given a delivery that always fails, then attempts grow apart, span 24 h and are bounded', () => {
    for (const draw of [0, 0.5, 0.999]) {
      const times = schedule(draw);
      const gaps = times.slice(1).map((t, i) => t - times[i]);
      expect(times[times.length - 1]).toBe(T0 + 24 * HOUR);
      for (let i = 1; i < gaps.length - 1; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1]);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(HOUR);
      expect(times.length).toBeGreaterThan(25);
      expect(times.length).toBeLessThan(60);
    }
  });
});
