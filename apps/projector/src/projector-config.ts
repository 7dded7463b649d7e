import { availableParallelism } from 'node:os';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';
import {
  IntSetting,
  LogLevelSetting,
  NestLevelName,
  StoreEnvironment,
  toInt,
} from '@journey/event-store';
import { isValidAllowlist } from './webhooks/deliver/address-policy';

export class ProjectorEnvironment extends StoreEnvironment {
  @LogLevelSetting()
  LOG_LEVEL: NestLevelName = 'log';

  /**
   * (customer, journey) pairs the live journeys projection holds for its in-order fast path; a
   * pair not held is recomputed from its facts when touched. About 17 KB of heap each on 47-step
   * journeys (BENCHMARKS.md, session 8); 0 turns the fast path off.
   */
  @IntSetting(0, 10_000_000)
  PROJECTOR_HELD_PAIRS = 20_000;

  /**
   * Partitions of the journeys projection (by a hash of the customer's stream): the units that
   * projector processes divide among themselves, so at most this many processes share the work.
   * Fixed per deployment: a database keeps the count it was built with until a rebuild
   * (`POST /v1/projections/journeys/rebuild`) builds this one. Each partition costs per batch, and
   * on one 2-core host more partitions made data staler (BENCHMARKS.md, session 9: append to
   * visible p99 1.0 s with 1 partition, 3.0 s with 4), hence 1: set it when adding processes.
   */
  @IntSetting(1, 1024)
  PROJECTOR_PARTITIONS = 1;

  /**
   * Batches the process applies at once over all its partitions (default: its cores, at most 4).
   * More than the cores makes every batch wait for the others (slots.ts).
   */
  @IntSetting(1, 64)
  PROJECTOR_CONCURRENCY = Math.min(4, availableParallelism());

  /** Webhooks may be delivered over plain http (default: https only). */
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  WEBHOOK_ALLOW_HTTP: 'true' | 'false' = 'false';

  /**
   * Addresses or CIDR ranges webhooks may reach although they are loopback, private, link-local
   * and the like (refused by default), comma-separated: `10.0.0.0/8,fd00::/8`.
   */
  @ValidateBy({
    name: 'allowlist',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && isValidAllowlist(v),
      defaultMessage: () => 'must be comma-separated IP addresses or CIDR ranges',
    },
  })
  WEBHOOK_ALLOWED_ADDRESSES = '';

  /**
   * Port of the projector's GET /metrics (Prometheus); unset: not served. Bound to METRICS_HOST,
   * 127.0.0.1 by default: the address is its only access control.
   */
  @IsOptional()
  @Transform(({ value }) => toInt(value))
  @Min(0, { message: 'must be an integer port' })
  @Max(65535, { message: 'must be an integer port' })
  @IsInt({ message: 'must be an integer port' })
  METRICS_PORT?: number;

  @IsString()
  METRICS_HOST = '127.0.0.1';
}
