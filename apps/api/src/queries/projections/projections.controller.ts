import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Pool } from 'pg';
import { EVENT_STORE, EventStore, isUniqueViolation, PG_POOL } from '@journey/event-store';
import { JOURNEY_STREAM_PREFIXES } from '@journey/events';
import { RequireScope } from '../../access/auth.decorators';
import { AppError } from '../../common/app-error';
import { readPartitionLags } from './partition-lag';
import { overall, partitionView, rebuildView } from './projection-status';
import { insertRebuild, readStatusRows, StatusRows } from './projections.sql';

/** The streams each projection follows (the projector's projections, which the API may not import). */
const FOLLOWS: Record<string, readonly string[]> = { journeys: JOURNEY_STREAM_PREFIXES };

@ApiTags('projections')
@ApiBearerAuth()
@Controller('v1/projections')
export class ProjectionsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * Each projection's checkpoints and how far behind the store they are: over all its partitions
   * at the top level, and partition by partition in `partitions`.
   */
  @Get()
  @RequireScope('read')
  async list() {
    const rows = await readStatusRows(this.pool);
    const views = [];
    // One projection at a time: each already reads its partitions several at once.
    for (const name of Object.keys(FOLLOWS)) views.push(await this.status(name, rows));
    return views;
  }

  private async status(name: string, rows: StatusRows) {
    const count = rows.partitioning.get(name) ?? 1;
    // Rows of partitions beyond the count (left by an earlier count) are no part of it.
    const checkpoints = new Map(
      rows.checkpoints
        .filter((r) => r.name === name && r.partition < count)
        .map((r) => [r.partition, r]),
    );
    const leases = new Map(
      rows.leases.filter((r) => r.projection === name).map((r) => [r.partition, r]),
    );
    const lags = await readPartitionLags(this.store, {
      streamPrefix: FOLLOWS[name],
      partitions: count,
      positions: new Map([...checkpoints].map(([index, r]) => [index, r.position])),
    });
    const now = Date.now();
    const partitions = lags.map((lag, index) =>
      partitionView(index, checkpoints.get(index), lag, leases.get(index), now),
    );
    return {
      name,
      ...overall(partitions),
      rebuild: rebuildView(rows.rebuilds.find((r) => r.name === name)),
      partitionCount: count,
      partitions,
    };
  }

  /** Asks a projector to replay the projection into shadow tables and swap them in (no downtime). */
  @Post(':name/rebuild')
  @HttpCode(202)
  @RequireScope('admin')
  async rebuild(@Param('name') name: string) {
    if (!FOLLOWS[name]) throw new AppError('NOT_FOUND', `No projection "${name}"`);
    try {
      return rebuildView(await insertRebuild(this.pool, randomUUID(), name));
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError(
          'REBUILD_IN_PROGRESS',
          `A rebuild of "${name}" is already requested or running`,
        );
      }
      throw err;
    }
  }
}
