import {
  chainEvents,
  eventHash,
  GENESIS_HASH,
  nextPreviousHash,
  StreamChainVerifier,
} from './hash-chain';

const ev = (n: number) => ({
  type: 'TouchpointRecorded',
  data: { touchpointId: `t${n}`, attributes: { plan: 'pro', n } },
  metadata: { schemaVersion: 1, requestId: `r${n}`, source: 'crm' },
});

function verify(events: { type: string; data: object; metadata: object }[]) {
  const v = new StreamChainVerifier();
  events.forEach((e, i) => v.push({ ...e, revision: BigInt(i) }));
  return v;
}

describe('hash chain', () => {
  it('is sha256 of the previous hash followed by the canonical JSON of type, data and metadata without hash', () => {
    // Pinned: computed with `printf '%s%s' <64 zeros> '<canonical json>' | sha256sum`.
    const e = { type: 'T', data: { b: [true, null, 'x'], a: 1 }, metadata: { requestId: 'r' } };
    const expected = '69d3196861472e29650697671c4605eabdbdd13da1dbd8ab29cacc9720ed1c31';
    expect(eventHash(GENESIS_HASH, e)).toBe(expected);
    // A hash already in the metadata is not part of what is hashed.
    expect(
      eventHash(GENESIS_HASH, { ...e, metadata: { requestId: 'r', hash: 'f'.repeat(64) } }),
    ).toBe(expected);
  });

  it('given events chained from a head, then each carries the hash of its predecessor chained on', () => {
    const [a, b] = chainEvents(GENESIS_HASH, [ev(0), ev(1)]);
    expect(a.metadata.hash).toBe(eventHash(GENESIS_HASH, ev(0)));
    expect(b.metadata.hash).toBe(eventHash(a.metadata.hash as string, ev(1)));
    // Appending later, from the stored head, continues the same chain.
    const [c] = chainEvents(nextPreviousHash(b), [ev(2)]);
    const v = verify([a, b, c]);
    expect(v.firstBreak).toBeNull();
    expect(v.events).toBe(3);
    expect(v.head).toBe(c.metadata.hash);
  });

  it('given the first event of a stream, then its previous hash is 64 zeros', () => {
    expect(nextPreviousHash(undefined)).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  it('verifies stored events whatever order their keys come back in', () => {
    const chained = chainEvents(GENESIS_HASH, [ev(0), ev(1)]);
    const stored = chained.map((e) => ({
      type: e.type,
      data: {
        attributes: { n: e.data.attributes.n, plan: 'pro' },
        touchpointId: e.data.touchpointId,
      },
      metadata: Object.fromEntries(Object.entries(e.metadata).reverse()),
    }));
    expect(verify(stored).firstBreak).toBeNull();
  });

  it('given an altered event, then the first broken link is that event, and later links still hold', () => {
    const chained = chainEvents(GENESIS_HASH, [ev(0), ev(1), ev(2), ev(3)]);
    const altered = chained.map((e, i) =>
      i === 1 ? { ...e, data: { ...e.data, attributes: { plan: 'free', n: 1 } } } : e,
    );
    const v = verify(altered);
    expect(v.firstBreak).toMatchObject({
      revision: '1',
      reason: 'hash_mismatch',
      found: chained[1].metadata.hash,
    });
    expect(v.events).toBe(4);
  });

  it('given an altered event whose hash was recomputed too, then the link to the next event breaks', () => {
    const chained = chainEvents(GENESIS_HASH, [ev(0), ev(1), ev(2)]);
    const forged = { ...ev(1), metadata: { ...ev(1).metadata, source: 'forged' } };
    const [reHashed] = chainEvents(chained[0].metadata.hash as string, [forged]);
    const v = verify([chained[0], reHashed, chained[2]]);
    expect(v.firstBreak).toMatchObject({ revision: '2', reason: 'hash_mismatch' });
  });

  it('given a removed event, then the gap is reported', () => {
    const chained = chainEvents(GENESIS_HASH, [ev(0), ev(1), ev(2)]);
    const v = new StreamChainVerifier();
    v.push({ ...chained[0], revision: 0n });
    v.push({ ...chained[2], revision: 2n });
    expect(v.firstBreak).toMatchObject({ revision: '2', reason: 'revision_gap', expected: '1' });
  });

  it('given an event without a hash (written before chaining), then it is reported as missing', () => {
    const v = verify([ev(0)]);
    expect(v.firstBreak).toMatchObject({ revision: '0', reason: 'missing_hash', found: null });
  });
});
