import { isTrustProxy, trustProxySetting } from './api-config';

describe('TRUST_PROXY', () => {
  it.each(['', '1', 'loopback', 'loopback, 10.0.0.0/8', '192.168.1.7', 'fd00::/8,uniquelocal'])(
    'accepts %p',
    (v) => expect(isTrustProxy(v)).toBe(true),
  );

  it.each(['yes', '10.0.0.0/33', '10.0.0.0/8/1', 'proxy.internal', '::1/129', 'loopback,'])(
    'refuses %p',
    (v) => expect(isTrustProxy(v)).toBe(false),
  );

  it('gives Express a hop count as a number, names and ranges as they are, and nothing for empty', () => {
    expect(trustProxySetting('2')).toBe(2);
    expect(trustProxySetting('loopback')).toBe('loopback');
    expect(trustProxySetting('')).toBeUndefined();
  });
});
