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
export function importHandler(db: CliDatabase): RecordTouchpointsHandler {
  return new RecordTouchpointsHandler(
    db.store,
    new StreamHeadCache(),
    new StreamLocks(),
    db.personal,
  );
}
