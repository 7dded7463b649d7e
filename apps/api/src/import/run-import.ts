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
  /** Batches stored at once, each lane a share of the streams (see Lane). */
  readonly lanes: number;
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
  const lanes: Lane[] = Array.from({ length: o.lanes }, () => ({
    batch: [],
    keys: new Set(),
    inflight: Promise.resolve(),
  }));
  const flush = async (lane: Lane) => {
    if (lane.batch.length === 0) return;
    const batch = lane.batch;
    lane.batch = [];
    lane.keys = new Set();
    // One batch in flight per lane: the lane's streams keep file order, and the reader waits
    // here (backpressure) while the lane's previous batch is being stored.
    await lane.inflight;
    if (!o.record) return;
    lane.inflight = o.record(batch).then(({ accepted, duplicates }) => {
      s.stored += accepted;
      s.duplicates += duplicates;
    });
    // Handled when awaited (next flush or the end); not an unhandled rejection meanwhile.
    lane.inflight.catch(() => undefined);
  };
  try {
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
      const stream =
        value.customerId !== undefined
          ? customerStream(value.customerId)
          : anonymousStream(value.anonymousId!);
      const lane = lanes[laneOf(stream, o.lanes)];
      // A repeated id for the same customer would be refused within one request; here it closes
      // the batch instead, and the store counts the repeat as a duplicate, as in a later batch.
      const key = `${stream}\u0000${value.id}`;
      if (lane.keys.has(key)) await flush(lane);
      lane.keys.add(key);
      lane.batch.push(value);
      s.valid++;
      if (lane.batch.length >= o.batchSize) await flush(lane);
    }
    for (const lane of lanes) await flush(lane);
  } finally {
    // Nothing left in flight when the import ends, even by an error (the pool closes next).
    await Promise.allSettled(lanes.map((l) => l.inflight));
  }
  for (const lane of lanes) await lane.inflight; // a failed batch fails the import
  return s;
}

/**
 * Rows go to lanes by their stream, stored concurrently (the store waits on the database more
 * than on the CPU); a stream is always in the same lane, so its events arrive in file order.
 */
interface Lane {
  batch: TouchpointDto[];
  keys: Set<string>;
  inflight: Promise<void>;
}

function laneOf(stream: string, lanes: number): number {
  let h = 0;
  for (let i = 0; i < stream.length; i++) h = (h * 31 + stream.charCodeAt(i)) | 0;
  return (h >>> 0) % lanes;
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
