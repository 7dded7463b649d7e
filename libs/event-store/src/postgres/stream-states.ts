import { Pool } from 'pg';
import { StreamState, StreamStateRequest } from '../event-store.port';
import { EVENT_COLUMNS, EventRow, toRecordedEvent } from './row-mapping';

/**
 * One round trip for many streams (readStreamStates): each stream's last event, found through
 * es_streams' revision and one index probe, and the requested ids it holds, one probe of the
 * (stream_id, event_id) index per id. es_streams rows at -1 exist only inside an uncommitted
 * append, so a stream not yet committed reads as absent, as readStream would.
 */
const SQL = `
WITH req AS (
  SELECT r.stream, r.ord::int AS ord FROM unnest($1::text[]) WITH ORDINALITY AS r(stream, ord)
), known AS (
  SELECT i.ord, array_agg(x.event_id::text) AS ids
    FROM unnest($2::int[], $3::uuid[]) AS i(ord, id)
    JOIN req ON req.ord = i.ord
    CROSS JOIN LATERAL (
      SELECT e.event_id FROM es_events e WHERE e.stream_id = req.stream AND e.event_id = i.id
    ) x
   GROUP BY i.ord
)
SELECT req.ord, req.stream AS req_stream, k.ids AS known_ids, l.*
  FROM req
  LEFT JOIN known k ON k.ord = req.ord
  LEFT JOIN es_streams s ON s.stream_id = req.stream AND s.revision >= 0
  LEFT JOIN LATERAL (
    SELECT ${EVENT_COLUMNS} FROM es_events e WHERE e.stream_id = s.stream_id AND e.revision = s.revision
  ) l ON true
 ORDER BY req.ord`;

type Row = Partial<EventRow> & { ord: number; req_stream: string; known_ids: string[] | null };

export async function readStreamStates(
  pool: Pool,
  requests: readonly StreamStateRequest[],
): Promise<StreamState[]> {
  if (requests.length === 0) return [];
  const ords: number[] = [];
  const ids: string[] = [];
  requests.forEach((r, i) =>
    r.eventIds.forEach((id) => {
      ords.push(i + 1);
      ids.push(id);
    }),
  );
  const { rows } = await pool.query<Row>(SQL, [requests.map((r) => r.stream), ords, ids]);
  return rows.map((r) => ({
    stream: r.req_stream,
    last: r.event_id === null || r.event_id === undefined ? null : toRecordedEvent(r as EventRow),
    knownIds: r.known_ids ?? [],
  }));
}
