import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ReplayCut } from '@journey/domain';
import { isIsoInstantWithOffset } from '../../ingestion/validation/custom-rules';
import { CustomerKeys } from '../../personal-data/customer-keys';
import { PersonalAttributes } from '../../personal-data/personal-attributes';
import { PersonalData } from '../../personal-data/personal-data.service';
import { AccessLog } from '../access-log/access-log';
import { CustomerHistory } from '../customer-history';
import { JourneyReplay } from '../replay/journey-replay';
import { compareOwner, projectionOwners } from '../verify-projections/projection-check';
import { AuditCliContext, AuditUsageError, countEvents, FOUND_PROBLEMS } from './audit-context';
import { checkpointCommand } from './checkpoint-command';
import { progressBar } from './progress-bar';
import { verify } from './verify-command';

export type { AuditCliContext } from './audit-context';
export { AuditUsageError, FOUND_PROBLEMS } from './audit-context';

export const AUDIT_USAGE = `  audit replay <customerId> [--as-of <ISO> | --occurred-before <ISO>] [--journey <journey>]
  audit verify <customerId> | --all [--checkpoint <file>] [--public-key <file>]
  audit verify-projections [--sample <N>]
  audit checkpoint [export [--out <file>]]`;

export const AUDIT_COMMANDS = ['replay', 'verify', 'verify-projections', 'checkpoint'];

/** `audit ...` commands; returns the exit code. Every read of a customer's history is logged. */
export async function runAudit(argv: readonly string[], c: AuditCliContext): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'as-of': { type: 'string' },
      'occurred-before': { type: 'string' },
      journey: { type: 'string' },
      all: { type: 'boolean' },
      sample: { type: 'string' },
      checkpoint: { type: 'string' },
      'public-key': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const [, command, arg] = positionals;
  const history = new CustomerHistory(c.store, c.pool);
  const personal = new PersonalData(
    new CustomerKeys(c.pool, c.keks),
    new PersonalAttributes(c.store),
  );
  const replay = new JourneyReplay(history, c.pool, personal);
  const log = (action: string, customerId: string | null) =>
    new AccessLog(c.pool).record({
      apiKeyId: null,
      actor: `cli:${userInfo().username}`,
      action,
      customerId,
      requestId: randomUUID(),
      detail: { argv: [...argv] },
    });
  switch (command) {
    case 'replay': {
      if (!arg) throw new AuditUsageError('audit replay needs a customer id');
      const cut = cutOf(values['as-of'], values['occurred-before']);
      await log('customer.replay', arg);
      const page = await replay.page(arg, cut, {
        journey: values.journey,
        limit: Number.MAX_SAFE_INTEGER,
        cursor: null,
        // The command line is the auditor's (it reaches the database), and logged above.
        reveal: true,
      });
      c.out(JSON.stringify({ customerId: arg, journeys: page.journeys }, null, 2));
      return 0;
    }
    case 'verify':
      return verify(c, arg, values, log);
    case 'checkpoint':
      await log(arg === 'export' ? 'store.checkpoint.export' : 'store.checkpoint', null);
      return checkpointCommand(c, arg, values.out);
    case 'verify-projections':
      return verifyProjections(c, replay, values.sample, log);
    default:
      throw new AuditUsageError(`Usage:\n${AUDIT_USAGE}`);
  }
}

function cutOf(asOf: string | undefined, occurredBefore: string | undefined): ReplayCut {
  if (asOf !== undefined && occurredBefore !== undefined)
    throw new AuditUsageError('give --as-of or --occurred-before, not both');
  for (const v of [asOf, occurredBefore]) {
    if (v !== undefined && !isIsoInstantWithOffset(v))
      throw new AuditUsageError(`"${v}" is not an ISO-8601 instant with an offset`);
  }
  if (asOf !== undefined) return { kind: 'asOf', at: Date.parse(asOf) };
  if (occurredBefore !== undefined)
    return { kind: 'occurredBefore', at: Date.parse(occurredBefore) };
  return { kind: 'now' };
}

async function verifyProjections(
  c: AuditCliContext,
  replay: JourneyReplay,
  sample: string | undefined,
  log: (action: string, customerId: string | null) => Promise<void>,
): Promise<number> {
  const size = sample === undefined ? null : Number(sample);
  if (size !== null && (!Number.isInteger(size) || size < 1))
    throw new AuditUsageError('--sample must be a whole number >= 1');
  await log('projections.verify', null);
  const scan = progressBar(await countEvents(c.pool), 'events read');
  const owners = await projectionOwners(c.store, (n) => c.progress(scan(n)));
  c.progress('\n');
  let chosen = [...owners.keys()].sort();
  if (size !== null && size < chosen.length) chosen = pick(chosen, size);
  const bar = progressBar(chosen.length, 'customers');
  let differences = 0;
  for (const [i, owner] of chosen.entries()) {
    for (const d of await compareOwner(c.pool, replay, owner, owners.get(owner)!)) {
      differences++;
      c.progress('\n');
      c.out(
        `DIFF  ${d.owner}  ${d.table} ${d.row}  ${d.field}: live ${JSON.stringify(d.live)} replayed ${JSON.stringify(d.replayed)}`,
      );
    }
    c.progress(bar(i + 1));
  }
  c.progress('\n');
  c.out(
    differences === 0
      ? `Read models agree with the events for ${chosen.length} customer(s).`
      : `${differences} difference(s) over ${chosen.length} customer(s).`,
  );
  return differences === 0 ? 0 : FOUND_PROBLEMS;
}

function pick<T>(list: readonly T[], n: number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n).sort();
}
