import { ExportTrace, TraceWriter } from './export-trace';

/** NDJSON: one trace (a journey instance with its events) per line, dates as ISO 8601. */
export class NdjsonWriter implements TraceWriter {
  readonly contentType = 'application/x-ndjson';
  readonly extension = 'ndjson';

  head(): string {
    return '';
  }

  trace(t: ExportTrace): string {
    return `${JSON.stringify(t)}\n`;
  }

  tail(): string {
    return '';
  }
}
