import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { ConfigError } from './store-config';

export interface ShutdownOptions {
  /** How long the steps may take (SHUTDOWN_TIMEOUT_MS); then the process exits anyway, with 1. */
  readonly deadlineMs?: number;
  /** At the deadline: let go of what holds the steps (an HTTP server's open connections). */
  readonly onDeadline?: () => void;
  /** For tests: instead of process.exit. */
  readonly exit?: (code: number) => void;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
/** After the deadline's onDeadline, the steps' last chance to finish (closing the database...). */
const FORCED_GRACE_MS = 1000;

/**
 * On SIGINT or SIGTERM, runs the steps once, in order, then exits 0. Past the deadline it calls
 * onDeadline and exits 1 (a second later at most). The same signal again meanwhile exits 1 at once
 * (Ctrl-C pressed twice, a repeated kill); the other one does not: Ctrl-C under `npm start` sends
 * SIGINT to every process of the terminal, and the supervisor then sends SIGTERM to each.
 */
export function stopOnSignals(
  logger: Logger,
  steps: readonly (() => Promise<void>)[],
  options: ShutdownOptions = {},
): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const deadlineMs = options.deadlineMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  let first: string | null = null;
  let forced = false;
  const stop = async (signal: string) => {
    if (first === signal) {
      logger.warn({ msg: 'second signal while shutting down: exiting now', signal });
      return exit(1);
    }
    if (first !== null) return;
    first = signal;
    logger.log({ msg: 'shutting down', signal, deadlineMs });
    const deadline = setTimeout(() => {
      forced = true;
      logger.warn({ msg: 'shutdown deadline passed: closing what is left', deadlineMs });
      options.onDeadline?.();
      setTimeout(() => exit(1), FORCED_GRACE_MS).unref();
    }, deadlineMs);
    deadline.unref();
    try {
      for (const step of steps) await step();
    } catch (err) {
      logger.error({ msg: 'shutdown step failed', error: String(err) });
      forced = true;
    }
    clearTimeout(deadline);
    exit(forced ? 1 : 0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * Runs `close` (which closes the server: Nest's app.close(), or server.close()) while closing the
 * server's keep-alive connections as soon as they are idle. Node closes the idle ones once, when
 * the server closes; a connection whose request was in flight then stays open after its response
 * until keepAliveTimeout, holding the close back for nothing.
 */
export async function drainHttpServer(server: Server, close: () => Promise<void>): Promise<void> {
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  try {
    await close();
  } finally {
    clearInterval(idle);
  }
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
