import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import {
  exitOnStartupError,
  loadEnvironment,
  provideDatabase,
  stopOnSignals,
} from '@journey/event-store';
import { ApiKeysService } from './access/api-keys.service';
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
  await app.init();
  const firstKey = await app.get(ApiKeysService).ensureFirstKey();
  await app.listen(env.PORT, env.HOST);
  const url = `http://${env.HOST}:${env.PORT}`;
  logger.log({
    msg: 'journey engine API listening',
    url,
    docs: `${url}/docs`,
    store: env.EVENT_STORE,
  });
  if (firstKey) {
    // Shown once: only its hash is stored.
    logger.warn({
      msg: 'created the first API key (all scopes); store it now, it is not shown again',
      apiKey: firstKey,
    });
  }

  stopOnSignals(
    logger,
    () => app.close(),
    () => database.stop(),
  );
}

main().catch((err: unknown) => exitOnStartupError(new Logger('Main'), err));
