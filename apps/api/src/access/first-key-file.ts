import { promises as fs } from 'node:fs';
import path from 'node:path';

export const FIRST_KEY_FILE = 'first-api-key';

/**
 * Writes the first admin key to `<dir>/first-api-key`, readable by the owner only (0600), and
 * returns the file's path. Logs are shipped and kept where secrets must not be: the key is never
 * logged. Written to a new file and renamed, so a file left by an earlier database (with other
 * permissions) is replaced whole.
 */
export async function saveFirstKey(dir: string, key: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.resolve(dir, FIRST_KEY_FILE);
  const fresh = `${file}.${process.pid}.tmp`;
  await fs.writeFile(fresh, `${key}\n`, { mode: 0o600, flag: 'w' });
  await fs.chmod(fresh, 0o600);
  await fs.rename(fresh, file);
  return file;
}
