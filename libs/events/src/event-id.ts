import { hash } from 'node:crypto';

// Fixed namespace of this product's deterministic event ids (a random v4 UUID, chosen once).
const NAMESPACE = Buffer.from('6f1d3c0e5b2a4f7e9c8d1a2b3c4d5e6f', 'hex');
// Namespace then name, hashed in one call: ids are made per event and per friction occurrence,
// millions of them in a rebuild, and a Hash object per id cost twice as much.
let scratch = Buffer.allocUnsafe(4096);
NAMESPACE.copy(scratch, 0);

/**
 * A name-based (RFC 9562 version 5) UUID. Event ids derive from the caller's idempotency key and
 * the stream, so a retried request produces the same ids and the store keeps one copy.
 */
export function deterministicEventId(...parts: string[]): string {
  let name = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    name += (i === 0 ? '' : '|') + p.length + ':' + p;
  }
  // Written straight into the scratch buffer; grown (and written again) only when it did not fit.
  let written = scratch.write(name, NAMESPACE.length, 'utf8');
  if (NAMESPACE.length + written >= scratch.length - 3) {
    scratch = Buffer.allocUnsafe(NAMESPACE.length + Buffer.byteLength(name) * 2);
    NAMESPACE.copy(scratch, 0);
    written = scratch.write(name, NAMESPACE.length, 'utf8');
  }
  const h = hash('sha1', scratch.subarray(0, NAMESPACE.length + written), 'hex');
  // Version 5 in the 13th hex digit; the variant's top bits 10 in the 17th.
  return (
    h.slice(0, 8) +
    '-' +
    h.slice(8, 12) +
    '-5' +
    h.slice(13, 16) +
    '-' +
    VARIANT[h.charCodeAt(16)] +
    h.slice(17, 20) +
    '-' +
    h.slice(20, 32)
  );
}

// The 17th hex digit with its top two bits set to 10, by the digit's char code.
const VARIANT: string[] = [];
for (const d of '0123456789abcdef')
  VARIANT[d.charCodeAt(0)] = ((parseInt(d, 16) & 0x3) | 0x8).toString(16);
