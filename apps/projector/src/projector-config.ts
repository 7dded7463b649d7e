import { Transform } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { StoreEnvironment, toInt } from '@journey/event-store';

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

export class ProjectorEnvironment extends StoreEnvironment {
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'log';

  /**
   * (customer, journey) pairs the live journeys projection holds for its in-order fast path; a
   * pair not held is recomputed from its facts when touched. About 17 KB of heap each on 47-step
   * journeys (BENCHMARKS.md, session 8); 0 turns the fast path off.
   */
  @Transform(({ value }) => toInt(value))
  @Min(0, { message: 'must be between 0 and 10000000' })
  @Max(10_000_000, { message: 'must be between 0 and 10000000' })
  @IsInt({ message: 'must be an integer' })
  PROJECTOR_HELD_PAIRS = 20_000;

  /**
   * Partitions of the journeys projection (by a hash of the customer's stream): the units that
   * projector processes divide among themselves. Fixed per deployment: a database keeps the count
   * it was built with until a rebuild (`POST /v1/projections/journeys/rebuild`) builds this one.
   */
  @Transform(({ value }) => toInt(value))
  @Min(1, { message: 'must be between 1 and 1024' })
  @Max(1024, { message: 'must be between 1 and 1024' })
  @IsInt({ message: 'must be an integer' })
  PROJECTOR_PARTITIONS = 16;
}
