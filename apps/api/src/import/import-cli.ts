import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { systemClock } from '../common/clock';
import { RequestContext } from '../common/request-context';
import { RecordTouchpoints } from '../ingestion/record-touchpoints/record-touchpoints.command';
import { RecordTouchpointsHandler } from '../ingestion/record-touchpoints/record-touchpoints.handler';
import { fileIdentity } from './file-identity';
import { MappingError, parseMapping } from './mapping';
import { startProgress } from './progress';
import { RejectWriter } from './reject-writer';
import { ImportSummary, runImport } from './run-import';
import { formatOf, readRows } from './sources';

export const IMPORT_USAGE = `  import <file.ndjson|.csv|.xes[.gz]> [--journey <slug>] [--map field=column,...]
         [--set field=value,...] [--default field=value,...] [--trace-as customer|instance]
         [--customer-attr <key>] [--rejects <file>] [--strict] [--dry-run] [--batch-size <n>]`;

/**
 * Batches in flight. bench --only=import --quick on 2 shared cores (PostgreSQL on the same
 * cores): 1 lane 4,600 events/s, 4 lanes 5,500-6,300, 8 lanes 4,500.
 */
const LANES = 4;

export class ImportUsageError extends Error {}

export interface ImportIo {
  /** Builds the RecordTouchpoints handler against the database (not called for --dry-run). */
  readonly handler: () => Promise<RecordTouchpointsHandler>;
  readonly out: (line: string) => void;
  /** The terminal for the progress bar, when stderr is one. */
  readonly tty: NodeJS.WriteStream | null;
}

/** `import <file> ...`: the exit code (0 done, 1 stopped by --strict). */
export async function runImportCli(argv: string[], io: ImportIo): Promise<number> {
  const { positionals, values: v } = parseArgs({
    args: argv.slice(1),
    allowPositionals: true,
    options: {
      journey: { type: 'string' },
      map: { type: 'string', multiple: true },
      set: { type: 'string', multiple: true },
      default: { type: 'string', multiple: true },
      'trace-as': { type: 'string', default: 'customer' },
      'customer-attr': { type: 'string' },
      rejects: { type: 'string' },
      strict: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'batch-size': { type: 'string', default: '1000' },
    },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new ImportUsageError(`Usage:\n${IMPORT_USAGE}`);
  const format = formatOf(file);
  if (!format)
    throw new ImportUsageError(`${file}: expected .ndjson, .csv or .xes, each optionally .gz`);
  const traceAs = v['trace-as'];
  if (traceAs !== 'customer' && traceAs !== 'instance')
    throw new ImportUsageError('--trace-as is customer or instance');
  if (traceAs === 'instance' && !v['customer-attr'])
    throw new ImportUsageError('--trace-as instance needs --customer-attr <attribute key>');
  const batchSize = Number(v['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000)
    throw new ImportUsageError('--batch-size is 1 to 1000 (the API batch limit)');
  let mapping;
  try {
    // --journey is shorthand for --set journey=<slug>.
    mapping = parseMapping({
      map: v.map,
      set: [...(v.set ?? []), ...(v.journey ? [`journey=${v.journey}`] : [])],
      default: v.default,
    });
  } catch (err) {
    if (err instanceof MappingError) throw new ImportUsageError(err.message);
    throw err;
  }
  if (format === 'csv' && mapping.columns.size === 0)
    throw new ImportUsageError('a CSV import needs --map field=column,...');
  if (format === 'ndjson' && mapping.columns.size > 0)
    throw new ImportUsageError('NDJSON lines are touchpoints already: --set and --default only');
  const fileId = await fileIdentity(file);
  const rejects = new RejectWriter(v.rejects ?? `${file}.rejects.ndjson`);
  await rejects.start();
  const handler = v['dry-run'] ? null : await io.handler();
  // The caller of the events: their `source` unless a row names one.
  const context: RequestContext = {
    requestId: randomUUID(),
    correlationId: `import-${fileId}`,
    apiKeyId: null,
    caller: 'cli-import',
  };
  const progress = startProgress(io.tty, file);
  const started = Date.now();
  let summary: ImportSummary;
  try {
    summary = await runImport(
      readRows(file, {
        format,
        mapping,
        fileId,
        traceAs,
        customerAttr: v['customer-attr'],
        onBytes: progress.bytes,
      }),
      {
        record: handler && ((batch) => handler.execute(new RecordTouchpoints(batch, context))),
        rejects,
        clock: systemClock,
        strict: v.strict ?? false,
        batchSize,
        lanes: LANES,
        onRows: progress.rows,
      },
    );
  } finally {
    progress.stop();
    await rejects.close();
  }
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  io.out(
    `${v['dry-run'] ? 'dry run: ' : ''}${summary.read} rows read, ${summary.stored} stored, ` +
      `${summary.duplicates} duplicates, ${summary.rejected} rejected` +
      `${summary.rejected > 0 ? ` (see ${rejects.path})` : ''} in ${seconds.toFixed(1)} s, ` +
      `${Math.round(summary.read / seconds)} events/s`,
  );
  if (summary.stoppedAt !== null) {
    io.out(
      `stopped by --strict at row ${summary.stoppedAt}; rows before it were ${v['dry-run'] ? 'checked' : 'stored'}`,
    );
    return 1;
  }
  return 0;
}
