import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const SIGNING_KEY_FILE = 'chain-signing-key.pem';
export const PUBLIC_KEY_FILE = 'chain-signing-key.pub.pem';

/** Where the chain checkpoints' signing key comes from (the API's and the CLI's environment). */
export interface SigningKeySettings {
  /** An Ed25519 private key, PKCS#8 PEM. */
  readonly CHAIN_SIGNING_KEY_FILE?: string;
  readonly EMBEDDED_PG_DIR: string;
}

/**
 * The Ed25519 key that signs chain checkpoints: the file CHAIN_SIGNING_KEY_FILE, else
 * `<data dir>/chain-signing-key.pem`, made (mode 0600) on first use for the embedded default, with
 * its public key beside it (`chain-signing-key.pub.pem`) to hand to auditors. It never goes into
 * the database: whoever can write the database must not be able to sign.
 */
export async function loadSigningKey(s: SigningKeySettings): Promise<KeyObject> {
  const file = s.CHAIN_SIGNING_KEY_FILE ?? path.resolve(s.EMBEDDED_PG_DIR, SIGNING_KEY_FILE);
  const pem = await fs.readFile(file, 'utf8').catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT' || s.CHAIN_SIGNING_KEY_FILE) throw err;
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const text = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // 'wx': a process starting at the same moment made one first; that one is read.
    const made = await fs.writeFile(file, text, { mode: 0o600, flag: 'wx' }).then(
      () => true,
      (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
        return false;
      },
    );
    if (made)
      await fs.writeFile(
        path.join(path.dirname(file), PUBLIC_KEY_FILE),
        publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        { mode: 0o644 },
      );
    return fs.readFile(file, 'utf8');
  });
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${file} must hold an Ed25519 private key (PKCS#8 PEM)`);
  return key;
}

/** A public key from a PEM file (an auditor's copy), or the signing key's own. */
export async function trustedPublicKey(
  publicKeyFile: string | undefined,
  s: SigningKeySettings,
): Promise<KeyObject> {
  if (publicKeyFile === undefined) return createPublicKey(await loadSigningKey(s));
  return createPublicKey(await fs.readFile(publicKeyFile, 'utf8'));
}
