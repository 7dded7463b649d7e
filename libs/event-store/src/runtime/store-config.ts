import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { LOG_LEVELS } from './logging';

/** An integer setting from `min` to `max` (the environment gives strings). */
export function IntSetting(min: number, max = Number.MAX_SAFE_INTEGER, kind = 'an integer') {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
  // In the order stacked decorators apply (bottom up): the type's message comes first.
  return applyDecorators(
    IsInt({ message: `must be ${kind}` }),
    Max(max, { message: `must be ${range}` }),
    Min(min, { message: `must be ${range}` }),
    Transform(({ value }) => toInt(value)),
  );
}

/** LOG_LEVEL: one of Nest's level names. */
export const LogLevelSetting = () =>
  IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` });

/** Settings for the database and the event store, read from the environment. */
export class StoreEnvironment {
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @IsIn(['postgres', 'eventstoredb'], { message: 'must be "postgres" or "eventstoredb"' })
  EVENT_STORE: 'postgres' | 'eventstoredb' = 'postgres';

  @ValidateIf(
    (env: StoreEnvironment) =>
      env.EVENT_STORE === 'eventstoredb' || env.EVENTSTORE_CONNECTION_STRING !== undefined,
  )
  @Matches(/^esdb(\+discover)?:\/\/\S+$/, {
    message: 'must be an esdb:// connection string (required when EVENT_STORE=eventstoredb)',
  })
  EVENTSTORE_CONNECTION_STRING?: string;

  @IsString()
  EMBEDDED_PG_DIR = './.data';

  @IntSetting(1, 65535, 'an integer port')
  EMBEDDED_PG_PORT = 54329;

  @IntSetting(2, 500)
  PG_POOL_SIZE = 20;

  /**
   * The API's queries (not its export streams) unanswered after this long drop their connection
   * and answer 503: a paused server otherwise holds requests forever. 0: no deadline.
   */
  @IntSetting(0, 3_600_000, 'an integer (milliseconds)')
  PG_QUERY_DEADLINE_MS = 30_000;

  /**
   * On SIGTERM/SIGINT, how long in-flight work may take to finish before the process closes what
   * is left (open connections) and exits anyway.
   */
  @IntSetting(0, 600_000, 'an integer (milliseconds)')
  SHUTDOWN_TIMEOUT_MS = 10_000;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates an environment class; throws a ConfigError naming every bad variable. */
export function loadEnvironment<T extends object>(
  cls: new () => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const known = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(cls, '', true, false)
      .map((m) => m.propertyName),
  );
  const defined = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => known.has(k) && v !== undefined && v !== ''),
  );
  const instance = plainToInstance(cls, defined, { exposeDefaultValues: true });
  const errors = validateSync(instance, { forbidUnknownValues: false, stopAtFirstError: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.flatMap((e) =>
        Object.values(e.constraints ?? {}).map(
          (m) => `${e.property}=${JSON.stringify(env[e.property])}: ${m}`,
        ),
      ),
    );
  }
  return instance;
}

/** An integer environment value as a number (anything else is left for the validators to refuse). */
export function toInt(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}
