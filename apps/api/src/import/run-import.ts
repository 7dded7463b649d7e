import { customerStream, anonymousStream } from '@journey/events';
import { FieldProblem } from '../common/app-error';
import { Clock } from '../common/clock';
import { touchpointProblems } from '../ingestion/record-touchpoints/touchpoints.pipe';
import { TouchpointDto } from '../ingestion/record-touchpoints/touchpoint.dto';
import { validateItem } from '../ingestion/validation/validate-items';
import { RejectWriter } from './reject-writer';
import { SourceRow } from './sources';

/** Stores a batch of valid touchpoints: the RecordTouchpoints command handler. */
export type RecordBatch = (
  batch: TouchpointDto[],
) => Promise<{ accepted: number; duplicates: number }>;

export interface ImportOptions {
  /** Null for --dry-run: validate and count only. */
  readonly record: RecordBatch | null;
  readonly rejects: RejectWriter;
  readonly clock: Clock;
  readonly strict: boolean;
  readonly batchSize: number;
  readonly onRows?: (read: number) => void;
}

export interface ImportSummary {
  read: number;
  valid: number;
  stored: number;
  duplicates: number;
  rejected: number;
  /** --strict: the row that stopped the import. */
  stoppedAt: number | null;
}

/**
 * The import loop: each row through the API's validation (the DTO's rules, then the pipe's
 * own), the valid ones stored in batches in file order (so ties of time keep file order, as
 * with HTTP batches), the others written to the rejects. Batches are stored one after the other:
 * the reader waits meanwhile, which is the backpressure.
 */
export async function runImport(
  rows: AsyncIterable<SourceRow>,
  o: ImportOptions,
): Promise<ImportSummary> {
  const s: ImportSummary = {
    read: 0,
    valid: 0,
    stored: 0,
    duplicates: 0,
    rejected: 0,
    stoppedAt: null,
  };
  let batch: TouchpointDto[] = [];
  // A repeated id for the same customer would be refused within one request; here it closes
  // the batch instead, and the store counts the repeat as a duplicate, as in a later batch.
  let keys = new Set<string>();
  const flush = async () => {
    if (batch.length === 0) return;
    const stored = batch;
    batch = [];
    keys = new Set();
    if (!o.record) return;
    const { accepted, duplicates } = await o.record(stored);
    s.stored += accepted;
    s.duplicates += duplicates;
  };
  for await (const row of rows) {
    s.read++;
    o.onRows?.(s.read);
    const { value, problems } = row.value ? validate(row.value, o.clock) : EMPTY;
    if (row.unreadable || !value || problems.length > 0) {
      s.rejected++;
      await o.rejects.write(row, row.unreadable ? [row.unreadable] : problems);
      if (o.strict) {
        s.stoppedAt = row.row;
        break;
      }
      continue;
    }
    const t = value;
    const key = `${t.customerId !== undefined ? customerStream(t.customerId) : anonymousStream(t.anonymousId!)}\u0000${t.id}`;
    if (keys.has(key)) await flush();
    keys.add(key);
    batch.push(t);
    s.valid++;
    if (batch.length >= o.batchSize) await flush();
  }
  await flush();
  return s;
}

const EMPTY = { value: null, problems: [] };

/** The touchpoint as the API makes it, and every problem it would list (no batch index). */
export function validate(
  raw: Record<string, unknown>,
  clock: Clock,
): { value: TouchpointDto | null; problems: FieldProblem[] } {
  const { value, problems } = validateItem(TouchpointDto, raw, null, 'flat');
  if (!value) return { value, problems };
  // A fresh `seen`: repeated ids across rows are the store's duplicates, not a row's problem.
  problems.push(...touchpointProblems(value, null as unknown as number, clock, new Map()));
  return { value, problems };
}
