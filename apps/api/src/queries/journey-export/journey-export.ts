import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { PersonalData } from '../../personal-data/personal-data.service';
import { CsvWriter } from './csv-writer';
import { ExportFormat, ExportRequest, TraceWriter } from './export-trace';
import { exportTraces } from './export-traces';
import { NdjsonWriter } from './ndjson-writer';
import { XesWriter } from './xes-writer';

export function writerOf(format: ExportFormat): TraceWriter {
  return format === 'xes'
    ? new XesWriter()
    : format === 'csv'
      ? new CsvWriter()
      : new NdjsonWriter();
}

/** The document as text chunks, a page of traces each: the HTTP export and the CLI write these. */
export async function* exportChunks(
  pool: Pool,
  personal: PersonalData,
  q: ExportRequest,
  writer: TraceWriter,
): AsyncGenerator<string> {
  yield writer.head(q.journey);
  for await (const page of exportTraces(pool, personal, q)) {
    yield page.map((t) => writer.trace(t)).join('');
  }
  yield writer.tail();
}

/** The export for the HTTP side (Nest-provided pool and personal data). */
@Injectable()
export class JourneyExport {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly personal: PersonalData,
  ) {}

  chunks(q: ExportRequest, writer: TraceWriter): AsyncGenerator<string> {
    return exportChunks(this.pool, this.personal, q, writer);
  }
}
