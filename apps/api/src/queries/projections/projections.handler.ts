import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { ProjectionView } from '@journey/contracts';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { PG_POOL } from '@journey/postgres';
import { CLOCK, Clock } from '../../common/clock';
import { currentCheckpoints, readPartitionLags } from './partition-lag';
import { PROJECTION_STREAMS } from './projection-streams';
import { overall, partitionView, rebuildView } from './projection-status';
import { GetProjections } from './projections.query';
import { readStatusRows, StatusRows } from './projections.sql';

/** Over all its partitions at the top level, and partition by partition in `partitions`. */
@QueryHandler(GetProjections)
export class GetProjectionsHandler implements IQueryHandler<GetProjections> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<ProjectionView[]> {
    const rows = await readStatusRows(this.pool);
    const views = [];
    // One projection at a time: each already reads its partitions several at once.
    for (const name of Object.keys(PROJECTION_STREAMS)) views.push(await this.status(name, rows));
    return views;
  }

  private async status(name: string, rows: StatusRows): Promise<ProjectionView> {
    const count = rows.partitioning.get(name) ?? 1;
    const checkpoints = currentCheckpoints(rows.checkpoints, name, count);
    const leases = new Map(
      rows.leases.filter((r) => r.projection === name).map((r) => [r.partition, r]),
    );
    const lags = await readPartitionLags(this.store, {
      streamPrefix: PROJECTION_STREAMS[name],
      partitions: count,
      positions: new Map([...checkpoints].map(([index, r]) => [index, r.position])),
    });
    const now = this.clock.now().getTime();
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
}
