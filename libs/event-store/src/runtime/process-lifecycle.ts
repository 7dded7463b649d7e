import { Logger } from '@nestjs/common';
import { ConfigError } from './store-config';

/** On SIGINT or SIGTERM, runs the steps once, in order, then exits 0. */
export function stopOnSignals(logger: Logger, ...steps: (() => Promise<void>)[]): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log({ msg: 'shutting down', signal });
    for (const step of steps) await step();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * Ends a process whose start failed. A bad setting is the operator's to fix: its message, without
 * a stack trace; anything else with its stack.
 */
export function exitOnStartupError(logger: Logger, err: unknown): never {
  const known = err instanceof ConfigError || (err as Error)?.name === 'EmbeddedPostgresError';
  logger.error(known ? (err as Error).message : ((err as Error)?.stack ?? String(err)));
  process.exit(1);
}
