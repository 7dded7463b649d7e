import { createHash, generateKeyPairSync } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { ChainCheckpoint, ChainHead, checkpointProblems, makeCheckpoint } from './chain-checkpoint';

const pair = () => generateKeyPairSync('ed25519');
const heads: ChainHead[] = [
  ['customer-b', 4, 'b'.repeat(64)],
  ['anonymous-a', 0, 'a'.repeat(64)],
];
const at = new Date('2026-12-06T10:00:00Z');

describe('signed chain checkpoints', () => {
  it('given heads, when signed, then the checkpoint counts them, digests their canonical JSON and checks against its key', () => {
    const { privateKey, publicKey } = pair();
    const c = makeCheckpoint(heads, privateKey, at);
    expect(c.heads).toEqual(heads);
    expect(c.digest).toBe(createHash('sha256').update(canonicalJson(heads)).digest('hex'));
    expect(c).toMatchObject({ streams: 2, events: 6, createdAt: '2026-12-06T10:00:00.000Z' });
    expect(c.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(checkpointProblems(c, publicKey)).toEqual([]);
    // Survives a trip through a file.
    expect(checkpointProblems(JSON.parse(JSON.stringify(c)), publicKey)).toEqual([]);
  });

  it('refuses a changed head, a changed field, another key and a forged signature', () => {
    const { privateKey, publicKey } = pair();
    const c = makeCheckpoint(heads, privateKey, at);
    const edited = (patch: Partial<ChainCheckpoint>) =>
      checkpointProblems({ ...c, ...patch }, publicKey);
    expect(edited({ heads: [c.heads[0], ['customer-b', 4, 'c'.repeat(64)]] })).toContain(
      'the heads do not match the digest',
    );
    expect(edited({ createdAt: '2027-01-01T00:00:00.000Z' })).toEqual([
      'the signature does not verify',
    ]);
    expect(edited({ events: 7 })).toContain('the event count does not match the heads');
    const other = pair();
    expect(checkpointProblems(c, other.publicKey)[0]).toMatch(
      /^signed by key [0-9a-f]{32}, not the trusted key/,
    );
    // Re-signed by someone else, who also put their own key in the document.
    const forged = makeCheckpoint(heads, other.privateKey, at);
    expect(checkpointProblems({ ...forged, keyId: c.keyId }, publicKey)).toEqual([
      'the signature does not verify',
    ]);
  });
});
