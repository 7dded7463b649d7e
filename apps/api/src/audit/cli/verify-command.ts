import { promises as fs } from 'node:fs';
import { ChainCheckpoint, checkpointProblems } from '@journey/events';
import { CustomerHistory } from '../customer-history';
import { ChainCheckpoints } from '../chain-checkpoints/chain-checkpoints';
import { CheckpointMatch } from '../chain-checkpoints/checkpoint-match';
import { trustedPublicKey } from '../chain-checkpoints/signing-key';
import {
  StreamVerification,
  verifyAllStreams,
  verifyStream,
} from '../verify-chains/chain-verification';
import { AuditCliContext, AuditUsageError, countEvents, FOUND_PROBLEMS } from './audit-context';
import { progressBar } from './progress-bar';

export interface VerifyFlags {
  readonly all?: boolean;
  readonly checkpoint?: string;
  readonly 'public-key'?: string;
}

/**
 * `audit verify <customerId>` recomputes the customer's chains. `audit verify --all` recomputes
 * every chain and checks the heads of a signed checkpoint (`--checkpoint <file>`, a copy kept
 * outside the database; else the newest in the database) against the key the auditor trusts
 * (`--public-key <file>`; else the configured signing key's).
 */
export async function verify(
  c: AuditCliContext,
  customerId: string | undefined,
  flags: VerifyFlags,
  log: (action: string, customerId: string | null) => Promise<void>,
): Promise<number> {
  const all = flags.all === true;
  if (all === (customerId !== undefined))
    throw new AuditUsageError('audit verify needs a customer id or --all');
  if (!all && (flags.checkpoint !== undefined || flags['public-key'] !== undefined))
    throw new AuditUsageError('--checkpoint and --public-key go with --all');
  let results: StreamVerification[];
  let summary: string;
  let problems = 0;
  if (customerId !== undefined) {
    await log('customer.verify', customerId);
    const { streams, events } = await new CustomerHistory(c.store, c.pool).load(customerId);
    if (streams.length === 0) throw new AuditUsageError(`No events of customer "${customerId}"`);
    results = streams.map((s) =>
      verifyStream(
        s,
        events.filter((e) => e.stream === s),
      ),
    );
    summary = `${streams.length} stream(s), ${events.length} events`;
  } else {
    await log('store.verify', null);
    const checkpoint = await checkpointToCheck(c, flags.checkpoint);
    const invalid = checkpoint
      ? checkpointProblems(checkpoint, await trustedPublicKey(flags['public-key'], c.signing))
      : [];
    for (const p of invalid) c.out(`CHECKPOINT INVALID  ${p}`);
    problems += invalid.length;
    const match = checkpoint && invalid.length === 0 ? new CheckpointMatch(checkpoint) : null;
    const bar = progressBar(await countEvents(c.pool), 'events');
    const result = await verifyAllStreams(c.store, {
      onProgress: (p) => c.progress(bar(p.events)),
      onEvent: (e) => match?.push(e),
    });
    c.progress('\n');
    results = result.broken;
    summary = `${result.streams} stream(s), ${result.events} events`;
    if (!checkpoint) c.out('No checkpoint to check the heads against.');
    else if (match) {
      const breaks = match.breaks();
      for (const b of breaks)
        c.out(
          `CHANGED ${b.stream}  ${b.reason} at revision ${b.revision} since the checkpoint of ${checkpoint.createdAt} (signed ${b.expected}, found ${b.found ?? 'none'})`,
        );
      problems += breaks.length;
      if (breaks.length === 0)
        c.out(
          `Checkpoint of ${checkpoint.createdAt} (key ${checkpoint.keyId}): all ${checkpoint.streams} heads hold.`,
        );
    }
  }
  for (const r of results) {
    if (r.ok) c.out(`ok      ${r.stream}  ${r.events} events  head ${r.head}`);
    else {
      const b = r.firstBroken!;
      c.out(
        `BROKEN  ${r.stream}  first broken link at revision ${b.revision}: ${b.reason} (expected ${b.expected}, found ${b.found ?? 'none'})`,
      );
    }
  }
  const broken = results.filter((r) => !r.ok).length;
  c.out(
    broken === 0 ? `All chains hold: ${summary}.` : `${broken} broken stream(s) of ${summary}.`,
  );
  return broken + problems === 0 ? 0 : FOUND_PROBLEMS;
}

async function checkpointToCheck(
  c: AuditCliContext,
  file: string | undefined,
): Promise<ChainCheckpoint | null> {
  if (file === undefined) return new ChainCheckpoints(c.pool, c.store).latest();
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as ChainCheckpoint;
  } catch (err) {
    throw new AuditUsageError(`--checkpoint ${file}: ${(err as Error).message}`);
  }
}
