import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Pool } from 'pg';
import { EVENT_STORE, EventStore, parsePosition, PG_POOL } from '@journey/event-store';
import {
  ANONYMOUS_STREAM_PREFIX,
  CUSTOMER_STREAM_PREFIX,
  JOURNEY_DEFINITION_STREAM_PREFIX,
} from '@journey/events';
import { RequireScope } from '../../access/auth.decorators';

const LAG_COUNT_LIMIT = 10_000;
const STALLED_AFTER_MS = 30_000;
/** The streams each projection follows (the projector's own list, which the API may not import). */
const FOLLOWS: Record<string, string[]> = {
  journeys: [CUSTOMER_STREAM_PREFIX, ANONYMOUS_STREAM_PREFIX, JOURNEY_DEFINITION_STREAM_PREFIX],
};

@ApiTags('projections')
@ApiBearerAuth()
@Controller('v1/projections')
export class ProjectionsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Each projection's checkpoint and how far behind the store it is. */
  @Get()
  @RequireScope('read')
  async list() {
    const { rows } = await this.pool.query<{
      name: string;
      position: string;
      events_processed: string;
      events_per_second: number;
      updated_at: Date;
    }>(
      'SELECT name, position, events_processed, events_per_second, updated_at FROM projection_checkpoints ORDER BY name',
    );
    const now = Date.now();
    return Promise.all(
      Object.keys(FOLLOWS).map(async (name) => {
        const row = rows.find((r) => r.name === name);
        const behind = await this.store.readAll({
          fromPosition: row ? parsePosition(row.position) : undefined,
          maxCount: LAG_COUNT_LIMIT,
          streamPrefix: FOLLOWS[name],
        });
        const lagEvents = behind.length;
        const lagMs = lagEvents > 0 ? Math.max(0, now - behind[0].recordedAt.getTime()) : 0;
        const stalled =
          lagEvents > 0 && (!row || now - row.updated_at.getTime() > STALLED_AFTER_MS);
        return {
          name,
          checkpoint: row?.position ?? null,
          eventsProcessed: Number(row?.events_processed ?? 0),
          lagEvents,
          lagEventsCapped: lagEvents === LAG_COUNT_LIMIT,
          lagMs,
          eventsPerSecond: row?.events_per_second ?? 0,
          updatedAt: row?.updated_at.toISOString() ?? null,
          status: lagEvents === 0 ? 'caught-up' : stalled ? 'stalled' : 'catching-up',
        };
      }),
    );
  }
}
