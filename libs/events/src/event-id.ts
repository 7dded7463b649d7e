import { createHash } from 'node:crypto';

// Fixed namespace of this product's deterministic event ids (a random v4 UUID, chosen once).
const NAMESPACE = Buffer.from('6f1d3c0e5b2a4f7e9c8d1a2b3c4d5e6f', 'hex');

/**
 * A name-based (RFC 9562 version 5) UUID. Event ids derive from the caller's idempotency key and
 * the stream, so a retried request produces the same ids and the store keeps one copy.
 */
export function deterministicEventId(...parts: string[]): string {
  const hash = createHash('sha1')
    .update(NAMESPACE)
    .update(parts.map((p) => `${p.length}:${p}`).join('|'))
    .digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
