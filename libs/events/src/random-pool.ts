import { randomFillSync } from 'node:crypto';

/**
 * Random bytes from a pooled buffer of the CSPRNG, refilled 64 KiB at a time: randomBytes costs
 * about 14 us a call whatever the size (the call, not the bytes), which was the largest single
 * item of an import's CPU with an IV per encrypted value. Node's randomUUID pools the same way.
 * Each value is a copy, and no byte is handed out twice.
 */
const POOL = Buffer.allocUnsafe(64 * 1024);
let offset = POOL.length;

export function pooledRandomBytes(size: number): Buffer {
  if (!Number.isInteger(size) || size < 0 || size > POOL.length)
    throw new RangeError(`pooledRandomBytes: size must be an integer from 0 to ${POOL.length}`);
  if (offset + size > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const out = Buffer.from(POOL.subarray(offset, offset + size));
  offset += size;
  return out;
}
