import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * A signed checkpoint of the hash chains: every chained stream's head (its last revision and that
 * event's stored hash) at one moment, their SHA-256 digest, and an Ed25519 signature over it made
 * with a key kept outside the database. Someone who can write the database can rewrite a stream
 * and recompute its chain so that it verifies again, but cannot make the heads of a checkpoint
 * kept elsewhere match, nor sign a new one.
 */
export const CHECKPOINT_FORMAT = 'journey-chain-checkpoint/v1';

/** [stream, revision of its last event, that event's stored hash]. */
export type ChainHead = readonly [stream: string, revision: number, hash: string];

export interface ChainCheckpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  /** ISO-8601 instant the heads were read. */
  readonly createdAt: string;
  readonly streams: number;
  /** Events covered: the sum of revision + 1 over the heads. */
  readonly events: number;
  /** SHA-256 (hex) of the canonical JSON of `heads`. */
  readonly digest: string;
  /** SHA-256 (hex, 32 characters) of the signing key's public key (SPKI DER). */
  readonly keyId: string;
  /** The public key (SPKI DER, base64), for convenience: trust the one you hold, not this one. */
  readonly publicKey: string;
  /** Ed25519 over the canonical JSON of the fields above but `publicKey` (base64). */
  readonly signature: string;
  /** One per stream, in the order the digest covers them (the maker's: by stream name). */
  readonly heads: readonly ChainHead[];
}

/**
 * The SHA-256 of the canonical JSON of a list of heads, fed a page at a time so that a maker with
 * a million streams never holds the event loop for long. A head is an array of a string, an
 * integer and a string, whose canonical JSON is what JSON.stringify writes.
 */
export class HeadsDigest {
  private readonly hash = createHash('sha256');
  private count = 0;
  events = 0;

  /** `copy` is given the same text as the hash (to store the heads exactly as digested). */
  constructor(private readonly copy: (text: string) => void = () => undefined) {
    this.write('[');
  }

  update(heads: readonly ChainHead[]): this {
    const text = heads.map((h) => JSON.stringify(h)).join(',');
    if (text.length > 0) this.write(this.count === 0 ? text : `,${text}`);
    this.count += heads.length;
    for (const h of heads) this.events += h[1] + 1;
    return this;
  }

  private write(text: string): void {
    this.hash.update(text);
    this.copy(text);
  }

  get streams(): number {
    return this.count;
  }

  digest(): string {
    this.write(']');
    return this.hash.digest('hex');
  }
}

export function headsDigest(heads: readonly ChainHead[]): string {
  return new HeadsDigest().update(heads).digest();
}

export function signingKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 32);
}

const signedPart = (c: Omit<ChainCheckpoint, 'signature' | 'heads' | 'publicKey'>) =>
  Buffer.from(
    canonicalJson({
      format: c.format,
      createdAt: c.createdAt,
      streams: c.streams,
      events: c.events,
      digest: c.digest,
      keyId: c.keyId,
    }),
    'utf8',
  );

/** A checkpoint without its heads: what is signed, and the signature. */
export type CheckpointHeader = Omit<ChainCheckpoint, 'heads'>;

/** Signs the heads fed to `digest`, read at `createdAt`. */
export function signHeads(
  digest: HeadsDigest,
  privateKey: KeyObject,
  createdAt: Date,
): CheckpointHeader {
  const publicKey = createPublicKey(privateKey);
  const unsigned = {
    format: CHECKPOINT_FORMAT,
    createdAt: createdAt.toISOString(),
    streams: digest.streams,
    events: digest.events,
    digest: digest.digest(),
    keyId: signingKeyId(publicKey),
  } as const;
  return {
    ...unsigned,
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    signature: sign(null, signedPart(unsigned), privateKey).toString('base64'),
  };
}

/** Signs these heads at once (a test's or a small store's). */
export function makeCheckpoint(
  heads: readonly ChainHead[],
  privateKey: KeyObject,
  createdAt: Date,
): ChainCheckpoint {
  return { ...signHeads(new HeadsDigest().update(heads), privateKey, createdAt), heads };
}

/**
 * What is wrong with a checkpoint as a document, checked against the public key the auditor
 * trusts (empty: it is intact and signed by that key). Whether the store still matches its heads
 * is the chain verification's part.
 */
export function checkpointProblems(c: ChainCheckpoint, trusted: KeyObject): string[] {
  const problems: string[] = [];
  if (c.format !== CHECKPOINT_FORMAT) return [`unknown format ${JSON.stringify(c.format)}`];
  if (!Array.isArray(c.heads) || !c.heads.every(isHead)) return ['heads are malformed'];
  if (headsDigest(c.heads) !== c.digest) problems.push('the heads do not match the digest');
  if (c.streams !== c.heads.length) problems.push('the stream count does not match the heads');
  if (c.events !== c.heads.reduce((n, h) => n + h[1] + 1, 0))
    problems.push('the event count does not match the heads');
  const keyId = signingKeyId(trusted);
  if (c.keyId !== keyId) problems.push(`signed by key ${c.keyId}, not the trusted key ${keyId}`);
  else if (!verify(null, signedPart(c), trusted, Buffer.from(String(c.signature), 'base64')))
    problems.push('the signature does not verify');
  return problems;
}

function isHead(h: unknown): h is ChainHead {
  return (
    Array.isArray(h) &&
    h.length === 3 &&
    typeof h[0] === 'string' &&
    Number.isSafeInteger(h[1]) &&
    h[1] >= 0 &&
    typeof h[2] === 'string'
  );
}
