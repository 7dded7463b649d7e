import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadEnvironment, provideDatabase } from '@journey/event-store';
import { ApiEnvironment, logLevels } from './api-config';
import { createApiApp } from './create-app';

async function main(): Promise<void> {
  const env = loadEnvironment(ApiEnvironment);
  Logger.overrideLogger(logLevels(env.LOG_LEVEL));
  const logger = new Logger('Main');
  const database = await provideDatabase(env);
  const app = await createApiApp(env, database.url).catch(async (err: unknown) => {
    await database.stop();
    throw err;
  });
  await app.listen(env.PORT, env.HOST);
  logger.log({
    msg: 'journey engine API listening',
    url: `http://${env.HOST}:${env.PORT}`,
    store: env.EVENT_STORE,
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log({ msg: 'shutting down', signal });
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  // A bad setting is the operator's to fix: say what, without a stack trace.
  const message =
    err instanceof ConfigError || (err as Error)?.name === 'EmbeddedPostgresError'
      ? (err as Error).message
      : ((err as Error)?.stack ?? String(err));
  new Logger('Main').error(message);
  process.exit(1);
});
