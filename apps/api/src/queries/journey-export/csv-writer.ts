import { ExportTrace, TraceWriter } from './export-trace';

/**
 * CSV as RFC 4180 reads it, one row per event, as process-mining tools import an event log: case
 * id, activity and timestamp first. A field with a comma, quote or line break is quoted, its quotes
 * doubled; lines end with CRLF. Text a spreadsheet would run as a formula (leading =, +, -, @, tab
 * or CR: steps and attributes come from other systems) gets a leading apostrophe, as the
 * dashboard's CSV does (OWASP's advice on CSV injection). Touchpoint attributes differ from row to
 * row: they go in one JSON column, so the header is known before the first row.
 */
export const CSV_COLUMNS = [
  'case_id',
  'activity',
  'timestamp',
  'customer_id',
  'instance_status',
  'instance_started_at',
  'instance_last_activity_at',
  'touchpoint_id',
  'stage',
  'channel',
  'outcome',
  'resource',
  'friction_types',
  'attributes',
] as const;

export function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const row = (cells: readonly (string | number | null)[]) => cells.map(csvField).join(',') + '\r\n';

export class CsvWriter implements TraceWriter {
  readonly contentType = 'text/csv; charset=utf-8';
  readonly extension = 'csv';

  head(): string {
    return row(CSV_COLUMNS);
  }

  trace(t: ExportTrace): string {
    let out = '';
    for (const e of t.events) {
      out += row([
        t.instanceId,
        e.step,
        e.occurredAt.toISOString(),
        t.customerId,
        t.status,
        t.startedAt.toISOString(),
        t.lastActivityAt.toISOString(),
        e.touchpointId,
        e.stage,
        e.channel,
        e.outcome,
        e.agentId,
        e.frictionTypes.join(','),
        Object.keys(e.attributes).length > 0 ? JSON.stringify(e.attributes) : '',
      ]);
    }
    return out;
  }

  tail(): string {
    return '';
  }
}
