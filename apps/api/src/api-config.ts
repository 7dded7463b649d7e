import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { StoreEnvironment } from '@journey/event-store';

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** Everything the API process reads from the environment. */
export class ApiEnvironment extends StoreEnvironment {
  @Transform(({ value }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  @IsInt({ message: 'must be an integer port' })
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  /** Requests per second per API key (0: no limit), and how many may come at once. */
  @Transform(({ value }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @Min(0, { message: 'must be >= 0' })
  @IsInt({ message: 'must be an integer' })
  RATE_LIMIT_PER_SECOND = 1000;

  @Transform(({ value }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @Min(1, { message: 'must be >= 1' })
  @IsInt({ message: 'must be an integer' })
  RATE_LIMIT_BURST = 2000;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevelName = 'log';
}

/** Nest log levels at and above the configured one. */
export function logLevels(level: LogLevelName): LogLevelName[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
