import { parseIsoDuration } from './iso-duration';

describe('parseIsoDuration', () => {
  it.each([
    ['P30D', 30 * 86_400_000],
    ['PT4H', 4 * 3_600_000],
    ['PT90M', 90 * 60_000],
    ['PT1.5S', 1500],
    ['P1W', 7 * 86_400_000],
    ['P1Y', 365 * 86_400_000],
    ['P1M', 30 * 86_400_000],
    ['P1DT2H3M4S', 86_400_000 + 2 * 3_600_000 + 3 * 60_000 + 4000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseIsoDuration(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', '30D', 'P-1D', 'P1H', 'PT1D', 'P1.5D', 'p30d', 'P30D '])(
    'rejects %p',
    (text) => {
      expect(parseIsoDuration(text)).toBeNull();
    },
  );
});
