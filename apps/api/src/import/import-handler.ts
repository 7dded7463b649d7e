import type { CliDatabase } from '../cli-database';
import { RecordTouchpointsHandler } from '../ingestion/record-touchpoints/record-touchpoints.handler';
import { StreamHeadCache } from '../ingestion/stream-heads';
import { StreamLocks } from '../ingestion/stream-locks';

/**
 * The API's RecordTouchpoints handler with its dependencies built directly, as the audit CLI
 * builds its own: the handler the HTTP controller reaches through the command bus (the pipe's
 * validation runs before it, in run-import.ts), without a Nest context of every API module. The
 * database is the running app's embedded one, else DATABASE_URL (provideDatabase), its schema
 * migrated as the app would.
 */
/**
 * Heads kept by an import: few, as its batches read their streams' heads in one call whenever a
 * group has several events (appendGroups), and the API's 100,000 grew an import's memory by
 * about 25 MB over a million events of 100,000 customers.
 */
const IMPORT_HEADS = 10_000;

export function importHandler(db: CliDatabase): RecordTouchpointsHandler {
  return new RecordTouchpointsHandler(
    db.store,
    new StreamHeadCache(IMPORT_HEADS),
    new StreamLocks(),
    db.personal,
  );
}
