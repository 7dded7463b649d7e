import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const HEAD_BYTES = 1024 * 1024;

/**
 * The identity of a file's content, not its name (a renamed or moved file imports as the same
 * one): SHA-256 of its first MiB and its size in bytes, as stored (a `.gz` and its unpacked
 * twin are two files). Constant time whatever the size, where a full hash would read a multi-GB
 * file twice; the price is that an edit past the first MiB keeping the size exactly gives the
 * same identity, so its rows would be taken for the ones already imported. Appending to a log
 * changes the size, and so the identity.
 */
export async function fileIdentity(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    let read = 0;
    while (read < head.length) {
      const { bytesRead } = await handle.read(head, read, head.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return createHash('sha256')
      .update(head.subarray(0, read))
      .update(`|${size}`)
      .digest('hex')
      .slice(0, 32);
  } finally {
    await handle.close();
  }
}
