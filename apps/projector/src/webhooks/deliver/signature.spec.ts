import { idempotencyKey, signatureMatches, signatureOf } from './signature';

describe('webhook signature', () => {
  it('given the RFC 4231 test case 2, then the signature is its HMAC-SHA256 in hex', () => {
    expect(signatureOf('Jefe', 'what do ya want for nothing?')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('given the same body as a string or as bytes, then the signature is the same', () => {
    const body = '{"event":"friction.occurred","note":"é"}';
    expect(signatureOf('s'.repeat(16), Buffer.from(body, 'utf8'))).toBe(
      signatureOf('s'.repeat(16), body),
    );
  });

  it('given a signed body, then it matches only with the same secret and the same bytes', () => {
    const secret = 'a-secret-of-16-chars';
    const body = '{"a":1}';
    const header = signatureOf(secret, body);
    expect(signatureMatches(secret, body, header)).toBe(true);
    expect(signatureMatches(`${secret}x`, body, header)).toBe(false);
    expect(signatureMatches(secret, '{"a":2}', header)).toBe(false);
    expect(signatureMatches(secret, body, header.slice(0, -1))).toBe(false);
  });

  it('given a webhook and an occurrence, then the idempotency key is one stable UUID for the pair', () => {
    const key = idempotencyKey('w1', 'o1');
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idempotencyKey('w1', 'o1')).toBe(key);
    expect(idempotencyKey('w2', 'o1')).not.toBe(key);
    expect(idempotencyKey('w1', 'o2')).not.toBe(key);
  });
});
