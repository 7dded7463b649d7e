import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { pooledRandomBytes } from '@journey/events';

/** A key-encryption key: it wraps the data keys, and lives outside the database. */
export interface Kek {
  readonly id: string;
  readonly key: Buffer;
}

/** The first 16 hex digits of the key's SHA-256: names it without revealing it. */
export const kekIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16);

export function kekOf(key: Buffer): Kek {
  if (key.length !== 32)
    throw new Error('a key-encryption key is 32 bytes (base64: 44 characters)');
  return { id: kekIdOf(key), key };
}

/** The data key's row lacks the key-encryption key that wrapped it. */
export class KekMissingError extends Error {
  constructor(readonly kekId: string) {
    super(
      `customer keys are wrapped with key-encryption key ${kekId}, which this process lacks: ` +
        'set DATA_KEK (or DATA_KEK_PREVIOUS while rotating) to it',
    );
  }
}

const VERSION = 1;

/**
 * Envelope encryption of the data keys: each is stored wrapped with AES-256-GCM under the current
 * key-encryption key, with its key id and subject as additional data (a wrapped key moved to
 * another row does not unwrap). Earlier keys unwrap what they wrapped until a rewrap moved it on.
 * Stored form: version (1 byte), iv (12), ciphertext (32), tag (16).
 */
export class KeyEncryption {
  constructor(
    readonly current: Kek,
    private readonly previous: readonly Kek[] = [],
  ) {}

  wrap(dataKey: Buffer, keyId: string, subject: string): Buffer {
    const iv = pooledRandomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv).setAAD(aad(keyId, subject));
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]);
  }

  /** The data key of a row; `kekId` null: a key stored before wrapping (plain). */
  unwrap(stored: Buffer, kekId: string | null, keyId: string, subject: string): Buffer {
    if (kekId === null) return stored;
    const kek = [this.current, ...this.previous].find((k) => k.id === kekId);
    if (!kek) throw new KekMissingError(kekId);
    if (stored[0] !== VERSION || stored.length !== 1 + 12 + 32 + 16)
      throw new Error(`customer key ${keyId} is not a wrapped key of version ${VERSION}`);
    const decipher = createDecipheriv('aes-256-gcm', kek.key, stored.subarray(1, 13))
      .setAAD(aad(keyId, subject))
      .setAuthTag(stored.subarray(45));
    return Buffer.concat([decipher.update(stored.subarray(13, 45)), decipher.final()]);
  }
}

const aad = (keyId: string, subject: string) => Buffer.from(`customer-key:v1:${keyId}:${subject}`);
