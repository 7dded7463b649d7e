import path from 'node:path';
import { Logger } from '@nestjs/common';
import { runningEmbeddedUrl, startEmbeddedPostgres } from './embedded/embedded-postgres';

/** The settings that say where the database is (the processes' environments carry them). */
export interface DatabaseSettings {
  readonly DATABASE_URL?: string;
  readonly EMBEDDED_PG_DIR: string;
  readonly EMBEDDED_PG_PORT: number;
}

export interface Database {
  readonly url: string;
  readonly embedded: boolean;
  /** Stops the embedded server, if this process started one. */
  stop(): Promise<void>;
}

/** `DATABASE_URL` when given, else a PostgreSQL started from the embedded-postgres package. */
export async function provideDatabase(
  env: DatabaseSettings,
  options: { database?: string; shareRunning?: boolean } = {},
): Promise<Database> {
  const database = options.database ?? 'journey';
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  // A command-line tool joins the server of a running app instead of refusing its folder.
  const running = options.shareRunning
    ? await runningEmbeddedUrl(env.EMBEDDED_PG_DIR, database)
    : null;
  if (running) return { url: running, embedded: true, stop: async () => undefined };
  new Logger('Database').log({
    msg: 'DATABASE_URL not set: starting embedded PostgreSQL',
    dir: env.EMBEDDED_PG_DIR,
  });
  const handle = await startEmbeddedPostgres({
    dataDir: path.resolve(env.EMBEDDED_PG_DIR),
    port: env.EMBEDDED_PG_PORT,
    database,
  });
  return { url: handle.url, embedded: true, stop: () => handle.stop() };
}
