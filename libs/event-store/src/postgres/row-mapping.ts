import { JsonObject, RecordedEvent } from '../event-store.port';

/** Columns every read selects, in the shape `toRecordedEvent` maps. */
export const EVENT_COLUMNS =
  'e.tx_id::text AS tx_id, e.seq::text AS seq, e.stream_id, e.revision::text AS revision, ' +
  'e.event_id::text AS event_id, e.type, e.data, e.metadata, ' +
  // Epoch milliseconds: much cheaper to turn into a Date than timestamptz text.
  '(extract(epoch FROM e.recorded_at) * 1000)::float8 AS recorded_ms';

export interface EventRow {
  tx_id: string;
  seq: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  recorded_ms: number;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    stream: row.stream_id,
    revision: BigInt(row.revision),
    position: { commit: BigInt(row.tx_id), prepare: BigInt(row.seq) },
    id: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: new Date(row.recorded_ms),
  };
}

/** LIKE patterns for stream prefixes, with LIKE's wildcards escaped. */
export function prefixPatterns(prefix?: string | readonly string[]): string[] | null {
  if (prefix === undefined) return null;
  const list = typeof prefix === 'string' ? [prefix] : [...prefix];
  if (list.length === 0) return null;
  return list.map((p) => p.replace(/[\\%_]/g, (c) => '\\' + c) + '%');
}
