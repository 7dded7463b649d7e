import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import {
  exitOnStartupError,
  loadEnvironment,
  usePinoForNest,
  stopOnSignals,
} from '@journey/event-store';
import { provideDatabase } from '@journey/postgres';
import { startProjector } from './projector';
import { ProjectorEnvironment } from './projector-config';

async function main(): Promise<void> {
  const env = loadEnvironment(ProjectorEnvironment);
  // One JSON line per log event (pino); not an HTTP app, so no request ids here.
  usePinoForNest(env.LOG_LEVEL);
  // Beside the API (quickstart) it joins the API's embedded database.
  const database = await provideDatabase(env, { shareRunning: true });
  const projector = await startProjector(env, database.url);
  stopOnSignals(new Logger('Projector'), [() => projector.stop(), () => database.stop()], {
    deadlineMs: env.SHUTDOWN_TIMEOUT_MS,
  });
}

main().catch((err: unknown) => exitOnStartupError(new Logger('Projector'), err));
