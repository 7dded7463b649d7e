import fc from 'fast-check';
import { inPartition, partitionOf } from './partition';

describe('partitionOf', () => {
  // Computed by PostgreSQL 18 with the formula of the partition_hash column (schema.ts):
  //   (('x' || substr(md5(s), 1, 8))::bit(32)::int) & 2147483647
  // Four of these hashes have the top bit set before masking; the last one is multi-byte UTF-8.
  const cases: [string, number, number, number, number][] = [
    // stream, hash, % 3, % 7, % 1024
    ['customer-1', 454161078, 0, 0, 694],
    ['customer-2', 532813308, 0, 6, 508],
    ['anonymous-3f2a', 1030863596, 2, 0, 748],
    ['customer-c-42', 1475499337, 1, 4, 329],
    ['', 1411222745, 2, 2, 217],
    ['é-Ωmega-😀', 1031019904, 1, 5, 384],
  ];

  it.each(cases)('given %p, then it agrees with PostgreSQL', (stream, hash, p3, p7, p1024) => {
    expect(partitionOf(stream, 2 ** 31)).toBe(hash);
    expect([partitionOf(stream, 3), partitionOf(stream, 7), partitionOf(stream, 1024)]).toEqual([
      p3,
      p7,
      p1024,
    ]);
    expect(partitionOf(stream, 1)).toBe(0);
  });

  it('is always an integer from 0 to count - 1', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 1024 }), (s, n) => {
        const p = partitionOf(s, n);
        return Number.isInteger(p) && p >= 0 && p < n;
      }),
    );
  });

  it('refuses a count that is not a positive integer', () => {
    for (const count of [0, -1, 2.5, NaN]) {
      expect(() => partitionOf('customer-1', count)).toThrow(RangeError);
    }
  });
});

describe('inPartition', () => {
  it('keeps the streams of the partition; every stream without one or with a single partition', () => {
    expect(inPartition('customer-c-42', { count: 3, index: 1 })).toBe(true);
    expect(inPartition('customer-c-42', { count: 3, index: 0 })).toBe(false);
    expect(inPartition('customer-c-42', { count: 1, index: 0 })).toBe(true);
    expect(inPartition('customer-c-42', undefined)).toBe(true);
  });
});
