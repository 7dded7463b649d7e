import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { JourneyDefined } from '@journey/events';
import { RequireScope } from '../../access/auth.decorators';

const STATUSES = ['active', 'completed', 'failed', 'abandoned'] as const;

@ApiTags('journeys')
@ApiBearerAuth()
@Controller('v1/journeys')
export class JourneysController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Every journey seen or defined, with all-time totals and its definition (null if none). */
  @Get()
  @RequireScope('read')
  async list() {
    const [totals, definitions] = await Promise.all([
      this.pool.query<{ journey: string; metric: string; value: string }>(
        `SELECT journey, metric, sum(value)::text AS value FROM rm_map_counters
          WHERE channel = '*' AND (metric LIKE 'instances:%' OR metric = 'customers')
          GROUP BY journey, metric`,
      ),
      this.pool.query<{
        journey: string;
        definition: JourneyDefined['data'];
        version: number;
        defined_at: Date;
      }>('SELECT journey, definition, version, defined_at FROM rm_journey_definitions'),
    ]);
    const names = [
      ...new Set([...totals.rows.map((r) => r.journey), ...definitions.rows.map((d) => d.journey)]),
    ].sort();
    return names.map((journey) => {
      const get = (metric: string) =>
        Number(totals.rows.find((r) => r.journey === journey && r.metric === metric)?.value ?? 0);
      const instances = Object.fromEntries(STATUSES.map((s) => [s, get(`instances:${s}`)]));
      const def = definitions.rows.find((d) => d.journey === journey);
      return {
        journey,
        instances: { total: STATUSES.reduce((n, s) => n + instances[s], 0), ...instances },
        customers: get('customers'),
        definition: def
          ? { ...def.definition, version: def.version, definedAt: def.defined_at.toISOString() }
          : null,
      };
    });
  }
}
