import { createCipheriv, createDecipheriv } from 'node:crypto';
import { JourneyEvent } from './journey-event';
import { AttributeValue } from './touchpoint-recorded.event';
import { pooledRandomBytes } from './random-pool';

/**
 * Personal data in events is encrypted per data subject (AES-256-GCM, one key per customer or
 * anonymous visitor) before it is appended, so destroying the key erases it from the immutable
 * log ("crypto-shredding") while the hash chain, which covers the ciphertext, still verifies.
 *
 * An encrypted value is a string (the field keeps its JSON type, so no event changes shape):
 *
 *   enc:v2:<key id (uuid)>:<iv, 12 bytes>:<ciphertext>:<tag, 16 bytes>    (base64url, no padding)
 *
 * The plaintext is the JSON of the original value (so a number attribute comes back a number).
 * The additional authenticated data is `enc:v2:<key id>:<subject>`: the value only decrypts as
 * the data subject it was written for, so a value copied into another subject's stream, or a key
 * row whose subject was rewritten, fails authentication instead of revealing it there.
 * `enc:v1:` values (written before the subject was bound; AAD `enc:v1:<key id>`) still decrypt.
 */
export const ERASED = '[erased]';

const PATTERN =
  /^enc:v([12]):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]*):([A-Za-z0-9_-]{22})$/;

export interface DataKey {
  readonly id: string;
  /** 32 bytes. */
  readonly key: Buffer;
  /** The data subject the key belongs to (the stream name of a customer or visitor). */
  readonly subject: string;
}

const additionalData = (version: string, keyId: string, subject: string): Buffer =>
  Buffer.from(version === '1' ? `enc:v1:${keyId}` : `enc:v2:${keyId}:${subject}`, 'utf8');

export function encryptValue(
  value: AttributeValue,
  key: DataKey,
  iv = pooledRandomBytes(12),
): string {
  const cipher = createCipheriv('aes-256-gcm', key.key, iv).setAAD(
    additionalData('2', key.id, key.subject),
  );
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  const b64 = (b: Buffer) => b.toString('base64url');
  return `enc:v2:${key.id}:${b64(iv)}:${b64(ct)}:${b64(cipher.getAuthTag())}`;
}

/** The key id of an encrypted value; null when the value is not one. */
export function encryptedKeyId(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('enc:v')) return null;
  return PATTERN.exec(value)?.[2] ?? null;
}

/**
 * The original value; throws when the key is not the value's, the value was altered, or (for
 * `enc:v2:`) it was not written for `subject` (by default the key's own subject).
 */
export function decryptValue(value: string, key: DataKey, subject = key.subject): AttributeValue {
  const m = PATTERN.exec(value);
  if (!m || m[2] !== key.id) throw new Error('Not a value encrypted with this key');
  const [, version, , iv, ct, tag] = m;
  const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'))
    .setAAD(additionalData(version, key.id, subject))
    .setAuthTag(Buffer.from(tag, 'base64url'));
  const text = Buffer.concat([
    decipher.update(Buffer.from(ct, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
  return JSON.parse(text) as AttributeValue;
}

/** Key ids of every encrypted value inside a JSON value. */
export function keyIdsIn(value: unknown, into = new Set<string>()): Set<string> {
  const id = encryptedKeyId(value);
  if (id) into.add(id);
  else if (Array.isArray(value)) value.forEach((v) => keyIdsIn(v, into));
  else if (value !== null && typeof value === 'object')
    Object.values(value).forEach((v) => keyIdsIn(v, into));
  return into;
}

/**
 * A JSON value with every encrypted value decrypted, or shown as ERASED when its key no longer
 * exists or the value does not decrypt with it (altered, or written for another subject than
 * `subject` when one is given). Everything else is returned as it is.
 */
export function revealValue<T>(value: T, keys: ReadonlyMap<string, DataKey>, subject?: string): T {
  const id = encryptedKeyId(value);
  if (id) {
    const key = keys.get(id);
    if (!key) return ERASED as T;
    try {
      return decryptValue(value as string, key, subject ?? key.subject) as T;
    } catch {
      return ERASED as T;
    }
  }
  if (Array.isArray(value)) return value.map((v) => revealValue(v, keys, subject)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, revealValue(v, keys, subject)]),
    ) as T;
  }
  return value;
}

/** Which touchpoint attributes of a journey are personal (from its definition). */
export interface AttributePolicy {
  readonly isPersonal: (attribute: string) => boolean;
}

/** None personal: a journey without a definition. */
export const NO_PERSONAL_ATTRIBUTES: AttributePolicy = { isPersonal: () => false };

/**
 * A definition's attributes policy: with `personalByDefault`, every attribute but the
 * `nonPersonalAttributes`; else only the `personalAttributes`.
 */
export function attributePolicyOf(d: {
  readonly personalAttributes: readonly string[];
  readonly personalByDefault: boolean;
  readonly nonPersonalAttributes: readonly string[];
}): AttributePolicy {
  const listed = new Set(d.personalByDefault ? d.nonPersonalAttributes : d.personalAttributes);
  return d.personalByDefault
    ? { isPersonal: (a) => !listed.has(a) }
    : { isPersonal: (a) => listed.has(a) };
}

/**
 * The personal fields of an event: a feedback's comment, a touchpoint's agentId and those of its
 * attributes its journey's definition makes personal.
 */
export function hasPersonalData(e: JourneyEvent, attributes: AttributePolicy): boolean {
  if (e.type === 'FeedbackGiven') return e.data.comment !== null;
  if (e.type !== 'TouchpointRecorded') return false;
  return (
    e.data.agentId !== null || Object.keys(e.data.attributes).some((k) => attributes.isPersonal(k))
  );
}

/** The event with its personal fields encrypted (values already encrypted are kept). */
export function protectPersonalData<E extends JourneyEvent>(
  e: E,
  policy: AttributePolicy,
  key: DataKey,
): E {
  const seal = <V extends AttributeValue>(v: V): V | string =>
    encryptedKeyId(v) !== null ? v : encryptValue(v, key);
  if (e.type === 'FeedbackGiven') {
    const { comment } = e.data;
    return comment === null ? e : ({ ...e, data: { ...e.data, comment: seal(comment) } } as E);
  }
  if (e.type !== 'TouchpointRecorded') return e;
  const d = e.data;
  const attributes = Object.fromEntries(
    Object.entries(d.attributes).map(([k, v]) => [k, policy.isPersonal(k) ? seal(v) : v]),
  );
  return {
    ...e,
    data: { ...d, agentId: d.agentId === null ? null : seal(d.agentId), attributes },
  } as E;
}
