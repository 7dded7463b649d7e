import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { DefinitionRow, definitionView } from '../journey-definition/definition-row';
import { InstanceStatus } from '@journey/domain';
import { GetJourneySummaries, INSTANCE_STATUSES, JourneySummary } from './journey-summaries.query';

/** All-time totals from the map counters' all-channel rows; definitions as the projector saw them. */
@QueryHandler(GetJourneySummaries)
export class GetJourneySummariesHandler implements IQueryHandler<GetJourneySummaries> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute(): Promise<JourneySummary[]> {
    const [totals, definitions] = await Promise.all([
      this.pool.query<{ journey: string; metric: string; value: string }>(
        `SELECT journey, metric, sum(value)::text AS value FROM rm_map_counters
          WHERE channel = '*' AND (metric LIKE 'instances:%' OR metric = 'customers')
          GROUP BY journey, metric`,
      ),
      this.pool.query<DefinitionRow & { journey: string }>(
        'SELECT journey, definition, version, defined_at FROM rm_journey_definitions',
      ),
    ]);
    const names = [
      ...new Set([...totals.rows.map((r) => r.journey), ...definitions.rows.map((d) => d.journey)]),
    ].sort();
    return names.map((journey) => {
      const get = (metric: string) =>
        Number(totals.rows.find((r) => r.journey === journey && r.metric === metric)?.value ?? 0);
      const instances = Object.fromEntries(
        INSTANCE_STATUSES.map((s) => [s, get(`instances:${s}`)]),
      ) as Record<InstanceStatus, number>;
      const def = definitions.rows.find((d) => d.journey === journey);
      return {
        journey,
        instances: { total: INSTANCE_STATUSES.reduce((n, s) => n + instances[s], 0), ...instances },
        customers: get('customers'),
        definition: def ? definitionView(def) : null,
      };
    });
  }
}
