import { Pool } from 'pg';
import { WrongExpectedVersionError } from '../errors';
import {
  AppendResult,
  ExpectedRevision,
  StreamAppend,
  StreamAppendOutcome,
} from '../event-store.port';

const MAX_REORDER_RETRIES = 20;

interface AppendRow {
  idx: number;
  status: 'ok' | 'duplicate' | 'conflict' | 'reorder';
  next_revision: string | null;
  tx_id: string | null;
  seq: string | null;
  duplicate_ids: string[] | null;
  actual: string | null;
}

const ONE_SQL = `SELECT 1 AS idx, * FROM es_append_one($1, $2, $3::jsonb)`;
const MANY_SQL = `SELECT * FROM es_append_many($1::text[], $2::text[], $3::int[], $4::jsonb)`;

/**
 * Runs appends in one statement, one transaction for all streams. Streams that
 * met a transaction with a later id ('reorder') are sent again in a new transaction.
 */
export async function appendMany(
  pool: Pool,
  appends: readonly StreamAppend[],
): Promise<StreamAppendOutcome[]> {
  const outcomes: StreamAppendOutcome[] = new Array(appends.length);
  let pending = appends.map((_, i) => i);
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > MAX_REORDER_RETRIES)
      throw new Error('Append kept meeting out-of-order transactions');
    const batch = pending.map((i) => appends[i]);
    // One stream: the procedural function (cheap to plan); several: the set-based one.
    const { rows } =
      batch.length === 1
        ? await pool.query<AppendRow>(ONE_SQL, toOneParams(batch[0]))
        : await pool.query<AppendRow>(MANY_SQL, toParams(batch));
    const retry: number[] = [];
    for (const row of rows) {
      const i = pending[row.idx - 1];
      if (row.status === 'reorder') retry.push(i);
      else outcomes[i] = toOutcome(appends[i], row);
    }
    pending = retry.sort((a, b) => a - b);
  }
  return outcomes;
}

// Events travel as one JSON document: a text array of JSON strings costs the client twice the CPU
// (every quote escaped) and the server no less.
function toParams(batch: readonly StreamAppend[]): unknown[] {
  const events = batch.flatMap((a, i) =>
    a.events.map((e) => ({
      s: i + 1,
      id: e.id,
      type: e.type,
      data: e.data,
      metadata: e.metadata ?? {},
    })),
  );
  return [
    batch.map((a) => a.stream),
    batch.map((a) => expectedToText(a.expectedRevision ?? 'any')),
    batch.map((a) => a.events.length),
    JSON.stringify(events),
  ];
}

function toOneParams(a: StreamAppend): unknown[] {
  return [
    a.stream,
    expectedToText(a.expectedRevision ?? 'any'),
    JSON.stringify(
      a.events.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata ?? {} })),
    ),
  ];
}

function toOutcome(append: StreamAppend, row: AppendRow): StreamAppendOutcome {
  if (row.status === 'conflict') {
    const actual =
      row.actual === 'no_stream' || row.actual === null ? 'no_stream' : BigInt(row.actual);
    return {
      stream: append.stream,
      error: new WrongExpectedVersionError(append.stream, append.expectedRevision ?? 'any', actual),
    };
  }
  const result: AppendResult = {
    nextRevision: BigInt(row.next_revision!),
    position: { commit: BigInt(row.tx_id!), prepare: BigInt(row.seq!) },
    duplicateIds: row.duplicate_ids ?? [],
  };
  return { stream: append.stream, result };
}

export function expectedToText(expected: ExpectedRevision): string {
  if (typeof expected === 'bigint') {
    if (expected < 0n) throw new RangeError('expectedRevision must be >= 0');
    return expected.toString();
  }
  return expected;
}
