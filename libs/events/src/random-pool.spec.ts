import { pooledRandomBytes } from './random-pool';

describe('pooledRandomBytes', () => {
  it('gives values of the asked size that never repeat across refills of the pool', () => {
    const seen = new Set<string>();
    // 12-byte IVs past several 64 KiB refills: a reused offset would repeat a value.
    for (let i = 0; i < 20_000; i++) {
      const iv = pooledRandomBytes(12);
      expect(iv).toHaveLength(12);
      seen.add(iv.toString('hex'));
    }
    expect(seen.size).toBe(20_000);
  });

  it('gives a copy: changing a value does not change the next one', () => {
    const a = pooledRandomBytes(32);
    a.fill(0);
    expect(pooledRandomBytes(32).equals(Buffer.alloc(32))).toBe(false);
  });

  it('refuses sizes it cannot serve', () => {
    expect(() => pooledRandomBytes(64 * 1024 + 1)).toThrow(RangeError);
    expect(() => pooledRandomBytes(-1)).toThrow(RangeError);
  });
});
