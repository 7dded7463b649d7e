import path from 'node:path';
import { Logger } from '@nestjs/common';
import { startEmbeddedPostgres } from '../postgres/embedded-postgres';
import { StoreEnvironment } from './store-config';

export interface Database {
  readonly url: string;
  readonly embedded: boolean;
  /** Stops the embedded server, if this process started one. */
  stop(): Promise<void>;
}

/** `DATABASE_URL` when given, else a PostgreSQL started from the embedded-postgres package. */
export async function provideDatabase(
  env: StoreEnvironment,
  database = 'journey',
): Promise<Database> {
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
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
