import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import {
  ConfigError,
  loadEnvironment,
  provideDatabase,
  StoreEnvironment,
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
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    new Logger('Projector').log({ msg: 'shutting down', signal });
    await projector.stop();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || (err as Error)?.name === 'EmbeddedPostgresError';
  new Logger('Projector').error(
    known ? (err as Error).message : ((err as Error)?.stack ?? String(err)),
  );
  process.exit(1);
});
