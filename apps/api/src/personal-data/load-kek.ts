import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { KeyEncryption, kekOf } from './key-encryption';

export const KEK_FILE = 'data-kek';

/** Where the key-encryption keys come from (the API's and the CLI's environment). */
export interface KekSettings {
  /** The current key, base64 of 32 bytes. */
  readonly DATA_KEK?: string;
  /** Or a file holding it (base64). */
  readonly DATA_KEK_FILE?: string;
  /** While rotating: the keys before, comma-separated base64, to unwrap what they wrapped. */
  readonly DATA_KEK_PREVIOUS?: string;
  readonly EMBEDDED_PG_DIR: string;
}

/**
 * The key-encryption keys: DATA_KEK, else the file DATA_KEK_FILE, else `<data dir>/data-kek`,
 * made (mode 0600) on first start for the embedded default. Processes on several hosts must be
 * given the same key (DATA_KEK or DATA_KEK_FILE): a row wrapped with a key a process lacks fails
 * loudly (KekMissingError), never silently.
 */
export async function loadKeyEncryption(s: KekSettings): Promise<KeyEncryption> {
  const decode = (text: string, what: string) => {
    const key = Buffer.from(text.trim(), 'base64');
    if (key.length !== 32) throw new Error(`${what} must be 32 bytes in base64 (44 characters)`);
    return kekOf(key);
  };
  const previous = (s.DATA_KEK_PREVIOUS ?? '')
    .split(',')
    .filter((k) => k.trim().length > 0)
    .map((k) => decode(k, 'DATA_KEK_PREVIOUS'));
  if (s.DATA_KEK) return new KeyEncryption(decode(s.DATA_KEK, 'DATA_KEK'), previous);
  if (s.DATA_KEK_FILE)
    return new KeyEncryption(
      decode(await fs.readFile(s.DATA_KEK_FILE, 'utf8'), `the file ${s.DATA_KEK_FILE}`),
      previous,
    );
  const file = path.resolve(s.EMBEDDED_PG_DIR, KEK_FILE);
  const text = await fs.readFile(file, 'utf8').catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const made = randomBytes(32).toString('base64');
    // 'wx': a process starting at the same moment made one first; that one is read.
    await fs.writeFile(file, `${made}\n`, { mode: 0o600, flag: 'wx' }).catch((e) => {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    });
    return fs.readFile(file, 'utf8');
  });
  return new KeyEncryption(decode(text, `the file ${file}`), previous);
}
