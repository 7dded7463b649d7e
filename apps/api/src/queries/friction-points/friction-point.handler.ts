import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { AppError } from '../../common/app-error';
import { JourneyView } from '@journey/contracts';
import { instanceRecordOf, InstanceRow, journeyView } from '../customer-journeys/journey-view';
import { FrictionPointDetail, GetFrictionPoint } from './friction-point.query';
import { FrictionFilter } from './friction-points.query';
import { rankedPoints, withTrends } from './friction-points.handler';
import { recentOccurrences } from './friction-points.sql';
import { occurrenceJsonOf, OccurrenceRow } from './occurrence-rows';

/** One friction point with its evidence: recent occurrences and the journeys they happened in. */
@QueryHandler(GetFrictionPoint)
export class GetFrictionPointHandler implements IQueryHandler<GetFrictionPoint> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute(q: GetFrictionPoint): Promise<FrictionPointDetail> {
    const filter: FrictionFilter = { ...q.key, from: q.from, to: q.to };
    const [point] = await rankedPoints(this.pool, filter, 'severity');
    if (!point) {
      throw new AppError('FRICTION_POINT_NOT_FOUND', 'No occurrences of this friction point', {
        id: q.id,
      });
    }
    const [full] = await withTrends(this.pool, filter, [point]);
    const recent = (await recentOccurrences(this.pool, filter, 20)) as OccurrenceRow[];
    return {
      ...full,
      exampleJourneys: await this.journeysOf(recent.slice(0, 20)),
      recentOccurrences: recent.map(occurrenceJsonOf),
    };
  }

  /** Up to three distinct instances the recent occurrences happened in. */
  private async journeysOf(
    recent: OccurrenceRow[],
  ): Promise<(JourneyView & { customerId: string })[]> {
    const seen = new Map<string, OccurrenceRow>();
    for (const o of recent) {
      const key = `${o.customer_id}\u0001${o.instance_id}`;
      if (!seen.has(key) && seen.size < 3) seen.set(key, o);
    }
    const picked = [...seen.values()];
    if (picked.length === 0) return [];
    const { rows } = await this.pool.query<InstanceRow & { customer_id: string }>(
      `SELECT i.customer_id, i.journey, i.instance_id, i.status, i.started_at, i.last_activity_at, i.channels, i.steps
         FROM rm_journey_instances i
         JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(customer_id, journey, instance_id)
           USING (customer_id, journey, instance_id)`,
      [
        picked.map((o) => o.customer_id),
        picked.map((o) => o.journey),
        picked.map((o) => o.instance_id),
      ],
    );
    return rows.map((r) => {
      const record = instanceRecordOf(r);
      // Examples show the path; feedback (and its comments) stays on the customer's own page.
      return { customerId: r.customer_id, ...journeyView(record, [], [record]) };
    });
  }
}
