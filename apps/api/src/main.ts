import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import {
  drainHttpServer,
  exitOnStartupError,
  loadEnvironment,
  usePinoForNest,
  stopOnSignals,
} from '@journey/event-store';
import { provideDatabase } from '@journey/postgres';
import { ApiKeysService } from './access/api-keys.service';
import { ApiEnvironment } from './api-config';
import { createApiApp } from './create-app';
import { saveFirstKey } from './access/first-key-file';

async function main(): Promise<void> {
  const env = loadEnvironment(ApiEnvironment);
  // JSON lines from the start (the embedded database's start too); the app adds request ids.
  const root = usePinoForNest(env.LOG_LEVEL);
  const logger = new Logger('Main');
  const database = await provideDatabase(env);
  const app = await createApiApp(env, database.url, { logger: root }).catch(
    async (err: unknown) => {
      await database.stop();
      throw err;
    },
  );
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
    // Only its hash is stored. The key goes to a file of the data directory, never to the log;
    // a person at a terminal also sees it.
    const file = await saveFirstKey(env.EMBEDDED_PG_DIR, firstKey);
    logger.warn({
      msg: 'created the first API key (all scopes) in a file readable only by you: store it, then delete the file',
      file,
    });
    if (process.stdout.isTTY) process.stdout.write(`\nFirst API key (all scopes): ${firstKey}\n\n`);
  }

  // Nest closes the server after its destroy hooks (friction streams end there), then waits for
  // in-flight requests; past SHUTDOWN_TIMEOUT_MS their connections are cut.
  const server = app.getHttpServer() as Server;
  stopOnSignals(logger, [() => drainHttpServer(server, () => app.close()), () => database.stop()], {
    deadlineMs: env.SHUTDOWN_TIMEOUT_MS,
    onDeadline: () => server.closeAllConnections(),
  });
}

main().catch((err: unknown) => exitOnStartupError(new Logger('Main'), err));
