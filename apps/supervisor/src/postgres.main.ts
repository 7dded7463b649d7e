import 'reflect-metadata';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import {
  exitOnStartupError,
  loadEnvironment,
  StoreEnvironment,
  logLevelFromEnvironment,
  usePinoForNest,
} from '@journey/event-store';
import { startEmbeddedPostgres } from '@journey/postgres';
import { DatabaseMessage } from './database-message';

/**
 * The embedded PostgreSQL as a process of its own, supervised beside the API and the projector
 * (`npm start`). It tells its parent the URL once the server accepts connections, and ends when
 * the server ends, so that the supervisor starts both again.
 */
async function main(): Promise<void> {
  const env = loadEnvironment(StoreEnvironment);
  usePinoForNest(logLevelFromEnvironment('log'));
  const logger = new Logger('EmbeddedPostgres');
  const handle = await startEmbeddedPostgres({
    dataDir: path.resolve(env.EMBEDDED_PG_DIR),
    port: env.EMBEDDED_PG_PORT,
    database: 'journey',
  });
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.log({ msg: 'stopping embedded PostgreSQL', reason });
    await handle.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // The supervisor died without stopping us: do not outlive it with a server nobody uses.
  process.on('disconnect', () => void stop('supervisor gone'));
  void handle.exited.then(() => {
    if (stopping) return;
    logger.error({ msg: 'embedded PostgreSQL ended on its own' });
    process.exit(1);
  });
  const ready: DatabaseMessage = { type: 'database-ready', url: handle.url };
  process.send?.(ready);
}

main().catch((err: unknown) => exitOnStartupError(new Logger('EmbeddedPostgres'), err));
