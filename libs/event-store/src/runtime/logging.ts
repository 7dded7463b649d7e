import { Logger, LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger as Pino } from 'pino';

/** Nest's level names (LOG_LEVEL) as pino's. */
export const PINO_LEVELS = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
} as const;
export type NestLevelName = keyof typeof PINO_LEVELS;
/** LOG_LEVEL's values, least verbose first. */
export const LOG_LEVELS = Object.keys(PINO_LEVELS) as readonly NestLevelName[];

/** Credentials never reach a log line, wherever a request's headers are logged. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
];

/**
 * The process's pino logger: one JSON line per event on stdout; pretty (pino-pretty) on a
 * terminal or with LOG_PRETTY=1. `destination` replaces stdout (tests read the lines).
 */
export function createRootLogger(level: NestLevelName, destination?: DestinationStream): Pino {
  const options = {
    level: PINO_LEVELS[level],
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return pino(options, destination ?? lineStream(1));
}

/**
 * Nest's Logger through pino for the whole process; its root logger, for nestjs-pino. A CLI logs
 * on fd 2, so its stdout carries only what it prints (an export can be piped).
 */
export function usePinoForNest(level: NestLevelName, fd: 1 | 2 = 1): Pino {
  const root = createRootLogger(level, lineStream(fd));
  Logger.overrideLogger(new PinoLoggerService(root));
  return root;
}

/**
 * LOG_LEVEL when it names a level, else `fallback`: for a process without a validated config (the
 * CLIs, the embedded PostgreSQL child), where a bad value must not stop the tool.
 */
export function logLevelFromEnvironment(fallback: NestLevelName): NestLevelName {
  const named = process.env.LOG_LEVEL;
  return named && Object.hasOwn(PINO_LEVELS, named) ? (named as NestLevelName) : fallback;
}

function lineStream(fd: 1 | 2): DestinationStream {
  const tty = (fd === 1 ? process.stdout : process.stderr).isTTY === true;
  if (tty || process.env.LOG_PRETTY === '1') {
    try {
      // Loaded only here: production never needs it (a dependency all the same).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pretty = require('pino-pretty') as (o: object) => DestinationStream;
      return pretty({ sync: true, colorize: tty, destination: fd });
    } catch {
      // Not installed: plain JSON lines.
    }
  }
  return pino.destination({ fd, sync: true });
}

/**
 * Nest's Logger through pino, for a process without nestjs-pino's module (the projector, and the
 * API before its app exists): `new Logger('Ctx').log({ msg, ...fields })` becomes one line with
 * the fields, `context` and `msg`; a string message stays the line's msg.
 */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: pino.Level, message: unknown, params: unknown[]): void {
    const fields: Record<string, unknown> = {};
    // Nest passes the Logger's context last; error() may pass a stack before it.
    const rest = [...params];
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string') fields.context = rest.pop();
    if (typeof rest[0] === 'string') fields.stack = rest[0];
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null)
      this.pino[level]({ ...fields, ...(message as object) });
    else this.pino[level](fields, String(message));
  }
}
