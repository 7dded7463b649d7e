import { addressAllowed, parseAllowlist, PUBLIC_HTTPS_ONLY } from './address-policy';
import { AddressNotAllowedError, checkedLookup } from './checked-lookup';

describe('webhook address policy', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    'not-an-address',
  ])('refuses %s by default', (address) => {
    expect(addressAllowed(address, PUBLIC_HTTPS_ONLY)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:93.184.216.34'])(
    'allows the public unicast address %s',
    (address) => expect(addressAllowed(address, PUBLIC_HTTPS_ONLY)).toBe(true),
  );

  it('allows what an allowlisted address or range holds, and only that', () => {
    const policy = { allowHttp: false, allowed: parseAllowlist(' 10.0.0.0/8, ::1 , 127.0.0.1') };
    expect(['10.200.1.1', '::1', '127.0.0.1'].map((a) => addressAllowed(a, policy))).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      ['127.0.0.2', '192.168.0.1', '169.254.169.254'].map((a) => addressAllowed(a, policy)),
    ).toEqual([false, false, false]);
  });

  it('refuses an allowlist that is not addresses or ranges', () => {
    expect(() => parseAllowlist('10.0.0.0/33')).toThrow();
    expect(() => parseAllowlist('intranet.local')).toThrow();
    expect(parseAllowlist('')).toEqual([]);
  });
});

describe('checkedLookup', () => {
  const resolving =
    (...addresses: string[]) =>
    (_host: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) =>
      cb(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
  const lookup = (resolve: ReturnType<typeof resolving>, all = false) =>
    new Promise<{ err: Error | null; address: unknown }>((done) =>
      checkedLookup(PUBLIC_HTTPS_ONLY, resolve as never)('hooks.example.com', { all }, ((
        err: Error | null,
        address: unknown,
      ) => done({ err, address })) as never),
    );

  it('given a name that resolves to a private address (or to any among public ones), then it refuses before any connection', async () => {
    for (const resolve of [resolving('10.0.0.5'), resolving('93.184.216.34', '169.254.169.254')]) {
      const { err } = await lookup(resolve);
      expect(err).toBeInstanceOf(AddressNotAllowedError);
    }
  });

  it('given a public answer, then the connection gets exactly the checked address', async () => {
    expect(await lookup(resolving('93.184.216.34'))).toEqual({
      err: null,
      address: '93.184.216.34',
    });
    const all = await lookup(resolving('93.184.216.34', '2606:4700::1111'), true);
    expect(all.address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:4700::1111', family: 6 },
    ]);
  });
});
