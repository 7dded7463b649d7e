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

  @Transform(({ value }) => toInt(value))
  @Min(1, { message: 'must be between 1 and 65535' })
  @Max(65535, { message: 'must be between 1 and 65535' })
  @IsInt({ message: 'must be an integer port' })
  EMBEDDED_PG_PORT = 54329;

  @Transform(({ value }) => toInt(value))
  @Min(2, { message: 'must be between 2 and 500' })
  @Max(500, { message: 'must be between 2 and 500' })
  @IsInt({ message: 'must be an integer' })
  PG_POOL_SIZE = 20;

  /**
   * The API's queries (not its export streams) unanswered after this long drop their connection
   * and answer 503: a paused server otherwise holds requests forever. 0: no deadline.
   */
  @Transform(({ value }) => toInt(value))
  @Min(0, { message: 'must be between 0 and 3600000' })
  @Max(3_600_000, { message: 'must be between 0 and 3600000' })
  @IsInt({ message: 'must be an integer (milliseconds)' })
  PG_QUERY_DEADLINE_MS = 30_000;

  /**
   * On SIGTERM/SIGINT, how long in-flight work may take to finish before the process closes what
   * is left (open connections) and exits anyway.
   */
  @Transform(({ value }) => toInt(value))
  @Min(0, { message: 'must be between 0 and 600000' })
  @Max(600_000, { message: 'must be between 0 and 600000' })
  @IsInt({ message: 'must be an integer (milliseconds)' })
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
