import { promises as fs } from 'node:fs';
import { ChainCheckpoints } from '../chain-checkpoints/chain-checkpoints';
import { loadSigningKey } from '../chain-checkpoints/signing-key';
import { systemClock } from '../../common/clock';
import { AuditCliContext, AuditUsageError } from './audit-context';

const RETRY_MS = 250;
const WAIT_FOR_OTHER_MS = 30_000;

/**
 * `audit checkpoint` signs the chains' current heads now; `audit checkpoint export` writes the
 * newest checkpoint (to `--out <file>`, else standard output), to be kept outside the database.
 */
export async function checkpointCommand(
  c: AuditCliContext,
  sub: string | undefined,
  out: string | undefined,
): Promise<number> {
  const checkpoints = new ChainCheckpoints(c.pool, c.store, {
    directory: c.signing.CHAIN_CHECKPOINT_DIR,
  });
  if (sub === 'export') {
    const latest = await checkpoints.latest();
    if (!latest) throw new AuditUsageError('No checkpoint yet: run `audit checkpoint` first');
    const text = `${JSON.stringify(latest, null, 1)}\n`;
    if (out === undefined) c.out(text.trimEnd());
    else await fs.writeFile(out, text, { flag: 'wx' });
    return 0;
  }
  if (sub !== undefined || out !== undefined)
    throw new AuditUsageError('Usage: audit checkpoint [export [--out <file>]]');
  const key = await loadSigningKey(c.signing);
  // An API process's worker may be signing right now (a second or two per 100,000 streams):
  // an operator expects the command to wait for it, not to fail.
  let made = await checkpoints.make(key, systemClock.now());
  for (let waited = 0; !made && waited < WAIT_FOR_OTHER_MS; waited += RETRY_MS) {
    await new Promise((r) => setTimeout(r, RETRY_MS));
    made = await checkpoints.make(key, systemClock.now());
  }
  if (!made) throw new Error('Another process is making a checkpoint: try again in a moment');
  const k = made.checkpoint;
  c.out(
    `${made.stored ? 'Checkpoint' : 'Unchanged since the checkpoint'} of ${k.createdAt}: ${k.streams} stream(s), ${k.events} events, digest ${k.digest}, key ${k.keyId}.`,
  );
  return 0;
}
