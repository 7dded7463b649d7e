import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import {
  exitOnStartupError,
  loadEnvironment,
  provideDatabase,
  StoreEnvironment,
  stopOnSignals,
} from '@journey/event-store';
import { IsIn } from 'class-validator';
import { startProjector } from './projector';

const LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

class ProjectorEnvironment extends StoreEnvironment {
  @IsIn(LEVELS, { message: `must be one of ${LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LEVELS)[number] = 'log';
}

async function main(): Promise<void> {
  const env = loadEnvironment(ProjectorEnvironment);
  Logger.overrideLogger(LEVELS.slice(0, LEVELS.indexOf(env.LOG_LEVEL) + 1));
  // Beside the API (quickstart) it joins the API's embedded database.
  const database = await provideDatabase(env, { shareRunning: true });
  const projector = await startProjector(env, database.url);
  stopOnSignals(
    new Logger('Projector'),
    () => projector.stop(),
    () => database.stop(),
  );
}

main().catch((err: unknown) => exitOnStartupError(new Logger('Projector'), err));
