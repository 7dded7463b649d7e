import { comparePositions, formatPosition, parsePosition, START } from './position';

describe('Position', () => {
  it.each([
    [{ commit: 5n, prepare: 9n }, { commit: 6n, prepare: 1n }, -1],
    [{ commit: 6n, prepare: 1n }, { commit: 5n, prepare: 9n }, 1],
    [{ commit: 5n, prepare: 2n }, { commit: 5n, prepare: 3n }, -1],
    [{ commit: 5n, prepare: 3n }, { commit: 5n, prepare: 3n }, 0],
  ])('orders by commit, then prepare: %o vs %o', (a, b, expected) => {
    expect(comparePositions(a, b)).toBe(expected);
  });

  it('round-trips through its checkpoint text', () => {
    const p = { commit: 18446744073709551615n, prepare: 42n };
    expect(formatPosition(p)).toBe('18446744073709551615/42');
    expect(parsePosition(formatPosition(p))).toEqual(p);
    expect(parsePosition(formatPosition(START))).toEqual(START);
  });

  it.each(['', '1', '1/', '/1', '-1/2', '1/2/3', 'a/b', ' 1/2'])('rejects %p', (text) => {
    expect(() => parsePosition(text)).toThrow(RangeError);
  });
});
