import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import {
  exitOnStartupError,
  loadEnvironment,
  provideDatabase,
  stopOnSignals,
} from '@journey/event-store';
import { startProjector } from './projector';
import { LOG_LEVELS, ProjectorEnvironment } from './projector-config';

async function main(): Promise<void> {
  const env = loadEnvironment(ProjectorEnvironment);
  Logger.overrideLogger(LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(env.LOG_LEVEL) + 1));
  // Beside the API (quickstart) it joins the API's embedded database.
  const database = await provideDatabase(env, { shareRunning: true });
  const projector = await startProjector(env, database.url);
  stopOnSignals(new Logger('Projector'), [() => projector.stop(), () => database.stop()], {
    deadlineMs: env.SHUTDOWN_TIMEOUT_MS,
  });
}

main().catch((err: unknown) => exitOnStartupError(new Logger('Projector'), err));
