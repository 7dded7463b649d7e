import { PoolClient } from 'pg';
import { TouchpointRecorded } from '@journey/events';
import { RecordedEvent } from '@journey/event-store';
import { arrivalKey, FirstCopies, TouchpointFact, touchpointCopyKey } from '@journey/domain';
import { touchpointCodec, touchpointValues } from '../codecs/touchpoint.codec';
import { jsonInsertSql, jsonRows } from '../codecs/row-codec';

/** Sortable arrival order: the global position, zero-padded (the replay's too). */
export const arrivalOf = (e: RecordedEvent) => arrivalKey(e.position.commit, e.position.prepare);

/** A touchpoint as it arrived: its stream and its arrival order. */
export interface ArrivedTouchpoint {
  readonly stream: string;
  readonly data: TouchpointRecorded['data'];
  readonly arrival: string;
}

export function arrived(event: TouchpointRecorded, recorded: RecordedEvent): ArrivedTouchpoint {
  return { stream: recorded.stream, data: event.data, arrival: arrivalOf(recorded) };
}

const INSERT_FACTS = jsonInsertSql(touchpointCodec, {
  tail: `ON CONFLICT DO NOTHING
RETURNING source_stream AS ss, touchpoint_id AS tp, (extract(epoch FROM occurred_at) * 1000)::float8 AS occurred_ms`,
});

/** Facts stored, each with the stream its touchpoint was recorded in (the same index). */
export interface StoredFacts {
  readonly facts: TouchpointFact[];
  readonly streams: string[];
}

/**
 * Inserts facts, the first copy of each touchpoint only (FirstCopies within the batch; against
 * earlier batches the table's key, touchpointCopyKey's columns, with ON CONFLICT DO NOTHING);
 * returns those stored, as the journey logic reads them back (occurredAt as PostgreSQL holds it).
 */
export async function writeFacts(
  tx: PoolClient,
  all: readonly { touchpoint: ArrivedTouchpoint; customer: string }[],
): Promise<StoredFacts> {
  const copies = new FirstCopies();
  const rows = all.filter((r) => copies.admit(r.touchpoint.stream, r.touchpoint.data.touchpointId));
  // One JSON document rather than arrays of strings: the driver's array escaping is slow.
  const { rows: inserted } = await tx.query<{ ss: string; tp: string; occurred_ms: number }>(
    INSERT_FACTS,
    [
      jsonRows(
        touchpointCodec,
        rows.map(({ touchpoint: t, customer }) =>
          touchpointValues(t.stream, t.data, customer, t.arrival),
        ),
      ),
    ],
  );
  const byKey = new Map(
    rows.map((r) => [touchpointCopyKey(r.touchpoint.stream, r.touchpoint.data.touchpointId), r]),
  );
  const streams = inserted.map((i) => i.ss);
  const facts = inserted.map((i): TouchpointFact => {
    const { touchpoint: t, customer } = byKey.get(touchpointCopyKey(i.ss, i.tp))!;
    return {
      touchpointId: t.data.touchpointId,
      customerId: customer,
      journey: t.data.journey,
      step: t.data.step,
      stage: t.data.stage,
      channel: t.data.channel,
      outcome: t.data.outcome,
      occurredAt: i.occurred_ms,
      journeyInstanceId: t.data.journeyInstanceId,
      arrival: t.arrival,
    };
  });
  return { facts, streams };
}
