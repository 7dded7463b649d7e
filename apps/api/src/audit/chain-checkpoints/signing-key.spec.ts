import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSigningKey, PUBLIC_KEY_FILE, SIGNING_KEY_FILE, trustedPublicKey } from './signing-key';

describe('the chain signing key', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'signing-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given the embedded default, then it is made once (0600) with its public key beside, and read again after', async () => {
    const made = await loadSigningKey({ EMBEDDED_PG_DIR: dir });
    expect(made.asymmetricKeyType).toBe('ed25519');
    expect(statSync(path.join(dir, SIGNING_KEY_FILE)).mode & 0o777).toBe(0o600);
    const again = await loadSigningKey({ EMBEDDED_PG_DIR: dir });
    const pub = (k: ReturnType<typeof createPublicKey>) =>
      k.export({ type: 'spki', format: 'pem' });
    expect(pub(createPublicKey(again))).toEqual(pub(createPublicKey(made)));
    expect(readFileSync(path.join(dir, PUBLIC_KEY_FILE), 'utf8')).toBe(pub(createPublicKey(made)));
    const trusted = await trustedPublicKey(path.join(dir, PUBLIC_KEY_FILE), {
      EMBEDDED_PG_DIR: dir,
    });
    expect(pub(trusted)).toEqual(pub(createPublicKey(made)));
  });

  it('refuses a configured file that is missing or not an Ed25519 key, and makes none then', async () => {
    const missing = path.join(dir, 'nope.pem');
    await expect(
      loadSigningKey({ EMBEDDED_PG_DIR: dir, CHAIN_SIGNING_KEY_FILE: missing }),
    ).rejects.toThrow(/ENOENT/);
    const rsa = path.join(dir, 'rsa.pem');
    writeFileSync(
      rsa,
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }),
    );
    await expect(
      loadSigningKey({ EMBEDDED_PG_DIR: dir, CHAIN_SIGNING_KEY_FILE: rsa }),
    ).rejects.toThrow(/must hold an Ed25519 private key/);
    expect(() => statSync(path.join(dir, SIGNING_KEY_FILE))).toThrow();
  });
});
