import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { FeedbackGiven } from './feedback-given.event';
import {
  attributePolicyOf,
  DataKey,
  decryptValue,
  encryptedKeyId,
  encryptValue,
  ERASED,
  hasPersonalData,
  keyIdsIn,
  protectPersonalData,
  revealValue,
} from './personal-data';
import { TouchpointRecorded } from './touchpoint-recorded.event';
import { touchpointData } from '../../../test/touchpoint-data';

const newKey = (subject = 'customer-c1'): DataKey => ({
  id: randomUUID(),
  key: randomBytes(32),
  subject,
});
const listed = (...personalAttributes: string[]) =>
  attributePolicyOf({ personalAttributes, personalByDefault: false, nonPersonalAttributes: [] });

const touchpoint: TouchpointRecorded = {
  type: 'TouchpointRecorded',
  data: touchpointData({
    touchpointId: 't1',
    customerId: 'c1',
    journey: 'onboarding',
    step: 'signup',
    occurredAt: '2026-05-01T10:00:00Z',
    agentId: 'agent-007',
    attributes: { email: 'ann@example.com', age: 42, vip: true, plan: 'pro' },
  }),
};

describe('personal data encryption', () => {
  it('given a value, when encrypted and decrypted with its key, then it comes back with its JSON type', () => {
    const key = newKey();
    for (const value of ['ann@example.com', 1234567, true, '']) {
      const sealed = encryptValue(value, key);
      expect(sealed).toMatch(
        /^enc:v2:[0-9a-f-]{36}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]*:[A-Za-z0-9_-]{22}$/,
      );
      expect(encryptedKeyId(sealed)).toBe(key.id);
      // Compare bytes, not text: a short plaintext like "42" turns up inside random base64 by chance.
      const ciphertext = Buffer.from(sealed.split(':')[4], 'base64url');
      if (value !== '') expect(ciphertext.equals(Buffer.from(JSON.stringify(value)))).toBe(false);
      expect(decryptValue(sealed, key)).toBe(value);
    }
  });

  it('uses a fresh IV each time: the same value gives different ciphertexts', () => {
    const key = newKey();
    expect(encryptValue('x', key)).not.toBe(encryptValue('x', key));
  });

  it('refuses another key, an altered ciphertext and a swapped key id', () => {
    const key = newKey();
    const sealed = encryptValue('secret', key);
    expect(() => decryptValue(sealed, newKey())).toThrow();
    const parts = sealed.split(':');
    const flipped = parts[4][0] === 'A' ? 'B' : 'A';
    const altered = [...parts.slice(0, 4), flipped + parts[4].slice(1), parts[5]].join(':');
    expect(() => decryptValue(altered, key)).toThrow();
    const other = newKey();
    const swapped = sealed.replace(key.id, other.id);
    expect(() => decryptValue(swapped, { ...key, id: other.id })).toThrow();
  });

  it('binds the subject: a value decrypts only as the subject it was written for', () => {
    const key = newKey('customer-c1');
    const sealed = encryptValue('secret', key);
    expect(decryptValue(sealed, key, 'customer-c1')).toBe('secret');
    // Copied into another customer's stream and read there.
    expect(() => decryptValue(sealed, key, 'customer-c2')).toThrow();
    // The key row's subject rewritten to another customer.
    expect(() => decryptValue(sealed, { ...key, subject: 'customer-c2' })).toThrow();
    expect(revealValue({ note: sealed }, new Map([[key.id, key]]), 'customer-c2')).toEqual({
      note: ERASED,
    });
    expect(revealValue({ note: sealed }, new Map([[key.id, key]]), 'customer-c1')).toEqual({
      note: 'secret',
    });
  });

  it('still decrypts enc:v1 values, written before the subject was bound', () => {
    // Made as the v1 writer did: AAD `enc:v1:<key id>`, no subject.
    const key = newKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.key, iv).setAAD(
      Buffer.from(`enc:v1:${key.id}`),
    );
    const ct = Buffer.concat([cipher.update(JSON.stringify(42)), cipher.final()]);
    const b64 = (b: Buffer) => b.toString('base64url');
    const v1 = `enc:v1:${key.id}:${b64(iv)}:${b64(ct)}:${b64(cipher.getAuthTag())}`;
    expect(encryptedKeyId(v1)).toBe(key.id);
    expect(decryptValue(v1, key)).toBe(42);
    expect(revealValue([v1], new Map([[key.id, key]]))).toEqual([42]);
    const asV2 = v1.replace('enc:v1:', 'enc:v2:');
    expect(() => decryptValue(asV2, key)).toThrow();
  });

  it('recognises only its own format', () => {
    expect(encryptedKeyId('enc:v1:not-a-value')).toBeNull();
    expect(encryptedKeyId('hello')).toBeNull();
    expect(encryptedKeyId(42)).toBeNull();
  });

  it('given a touchpoint and its personal attributes, then agentId and those attributes are encrypted, the rest kept', () => {
    const key = newKey();
    const personal = listed('email', 'age');
    expect(hasPersonalData(touchpoint, personal)).toBe(true);
    const sealed = protectPersonalData(touchpoint, personal, key);
    expect(encryptedKeyId(sealed.data.agentId)).toBe(key.id);
    expect(encryptedKeyId(sealed.data.attributes.email)).toBe(key.id);
    expect(encryptedKeyId(sealed.data.attributes.age)).toBe(key.id);
    expect(sealed.data.attributes.plan).toBe('pro');
    expect(sealed.data.attributes.vip).toBe(true);
    expect({ ...sealed.data, agentId: null, attributes: {} }).toEqual({
      ...touchpoint.data,
      agentId: null,
      attributes: {},
    });
    expect(JSON.stringify(sealed)).not.toMatch(/ann@example|agent-007/);
    expect([...keyIdsIn(sealed.data)]).toEqual([key.id]);
    // Decrypted with the key: the original; without it: "[erased]" where the personal data was.
    expect(revealValue(sealed.data, new Map([[key.id, key]]))).toEqual(touchpoint.data);
    expect(revealValue(sealed.data, new Map())).toEqual({
      ...touchpoint.data,
      agentId: ERASED,
      attributes: { email: ERASED, age: ERASED, vip: true, plan: 'pro' },
    });
  });

  it('given a touchpoint with no agent and no personal attribute, then nothing needs a key', () => {
    const plain = { ...touchpoint, data: { ...touchpoint.data, agentId: null } };
    expect(hasPersonalData(plain, listed('phone'))).toBe(false);
  });

  it('given a definition personal by default, then every attribute but the plain ones is encrypted', () => {
    const key = newKey();
    const policy = attributePolicyOf({
      personalAttributes: [],
      personalByDefault: true,
      nonPersonalAttributes: ['plan', 'vip'],
    });
    const plain = { ...touchpoint, data: { ...touchpoint.data, agentId: null } };
    expect(hasPersonalData(plain, policy)).toBe(true);
    const sealed = protectPersonalData(plain, policy, key);
    expect(encryptedKeyId(sealed.data.attributes.email)).toBe(key.id);
    expect(encryptedKeyId(sealed.data.attributes.age)).toBe(key.id);
    expect(sealed.data.attributes).toMatchObject({ plan: 'pro', vip: true });
    // Nothing but the plain ones: no personal data.
    const onlyPlain = { ...plain, data: { ...plain.data, attributes: { plan: 'pro' } } };
    expect(hasPersonalData(onlyPlain, policy)).toBe(false);
  });

  it('encrypts a feedback comment, and leaves a missing one alone', () => {
    const key = newKey();
    const feedback: FeedbackGiven = {
      type: 'FeedbackGiven',
      data: {
        feedbackId: 'f1',
        customerId: 'c1',
        kind: 'csat',
        score: 2,
        occurredAt: '2026-05-01T10:00:00Z',
        journey: null,
        touchpointId: null,
        channel: null,
        comment: 'the agent was rude',
      },
    };
    const sealed = protectPersonalData(feedback, listed(), key);
    expect(encryptedKeyId(sealed.data.comment)).toBe(key.id);
    expect(protectPersonalData(sealed, listed(), newKey())).toEqual(sealed);
    const none = { ...feedback, data: { ...feedback.data, comment: null } };
    expect(hasPersonalData(none, listed())).toBe(false);
    expect(protectPersonalData(none, listed(), key)).toBe(none);
  });
});
