import {
  counterKey,
  durationKey,
  emptyContributions,
  parseCounterKey,
  parseDurationKey,
  utcDay,
} from './contribution-keys';

describe('contribution keys', () => {
  it.each([
    ['2026-03-01', '*', 'node', 'checkout'],
    ['2026-03-01', 'web', 'instances:completed', ''],
    ['2026-12-31', 'back_office', 'edge', 'a|b\u0001__end__'],
  ] as const)('round-trip counter key %s|%s|%s|%s', (day, channel, metric, key) => {
    const text = counterKey(day, channel, metric, key);
    expect(text).toBe(`${day}|${channel}|${metric}|${key}`);
    expect(parseCounterKey(text)).toEqual({ day, channel, metric, key });
  });

  it('round-trips duration keys, steps with | included', () => {
    const text = durationKey('2026-03-01', 'sms', 'a|1', 'b');
    expect(text).toBe('2026-03-01|sms|a|1\u0001b');
    expect(parseDurationKey(text)).toEqual({
      day: '2026-03-01',
      channel: 'sms',
      from: 'a|1',
      to: 'b',
    });
  });

  it.each(['2026-03-01|web|node', '2026-03-01|fax|node|x'])('rejects counter key %p', (text) => {
    expect(parseCounterKey(text)).toBeNull();
  });

  it.each(['2026-03-01|web', '2026-03-01|web|no-separator', '2026-03-01|fax|a\u0001b'])(
    'rejects duration key %p',
    (text) => {
      expect(parseDurationKey(text)).toBeNull();
    },
  );

  it.each([
    [Date.UTC(2026, 2, 1, 0, 0, 0), '2026-03-01'],
    [Date.UTC(2026, 2, 1, 23, 59, 59, 999), '2026-03-01'],
    [Date.parse('2026-03-01T23:30:00-02:00'), '2026-03-02'],
  ])('the UTC day of %p is %s', (ms, day) => {
    expect(utcDay(ms)).toBe(day);
  });

  it('empty contributions are empty and not shared', () => {
    const a = emptyContributions();
    a.counters.set('k', 1);
    expect(emptyContributions()).toEqual({
      counters: new Map(),
      durations: new Map(),
      variants: new Map(),
    });
  });
});
