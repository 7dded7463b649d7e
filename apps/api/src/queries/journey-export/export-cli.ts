import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { Writable } from 'node:stream';
import { Pool } from 'pg';
import { PersonalData } from '../../personal-data/personal-data.service';
import { mapRangeProblems } from '../journey-map/map-range-problems';
import { EXPORT_FORMATS, ExportFormat } from './export-trace';
import { exportChunks, writerOf } from './journey-export';

export const EXPORT_USAGE =
  '  export <journey> --format xes|csv|ndjson [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out <file>]';

export class ExportUsageError extends Error {}

/**
 * `export <journey> ...`: the HTTP export's document, to a file or stdout. The command line is the
 * auditor's (it reaches the database): personal fields are decrypted, and the caller logs the read.
 */
export async function runExport(
  argv: readonly string[],
  c: { pool: Pool; personal: PersonalData; stdout: Writable },
): Promise<void> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'xes' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const [, journey] = positionals;
  if (!journey) throw new ExportUsageError(`export needs a journey\n${EXPORT_USAGE}`);
  const problems = mapRangeProblems({ journey, from: values.from, to: values.to }).map(
    (p) => `${p.field}: ${p.message}`,
  );
  if (!(EXPORT_FORMATS as readonly string[]).includes(values.format!))
    problems.push(`format: format must be one of: ${EXPORT_FORMATS.join(', ')}`);
  if (problems.length > 0) throw new ExportUsageError(problems.join('\n'));
  const out = values.out ? createWriteStream(values.out) : c.stdout;
  const chunks = exportChunks(
    c.pool,
    c.personal,
    { journey, from: values.from ?? null, to: values.to ?? null, reveal: true },
    writerOf(values.format as ExportFormat),
  );
  // As the HTTP export: the next page is read only once the output has taken the last one.
  for await (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  if (values.out) {
    out.end();
    await finished(out);
  }
}
