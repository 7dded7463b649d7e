import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Pool } from 'pg';
import { EVENT_STORE, EventStore, parsePosition, PG_POOL } from '@journey/event-store';
import {
  ANONYMOUS_STREAM_PREFIX,
  CUSTOMER_STREAM_PREFIX,
  JOURNEY_DEFINITION_STREAM_PREFIX,
} from '@journey/events';
import { RequireScope } from '../../access/auth.decorators';
import { AppError } from '../../common/app-error';

const LAG_COUNT_LIMIT = 10_000;
const STALLED_AFTER_MS = 30_000;
const RATE_FRESH_MS = 5_000;
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
    const rebuilds = await this.pool.query<RebuildRow>(
      `SELECT DISTINCT ON (name) id, name, status, requested_at, started_at, finished_at, processed, total, error
         FROM projection_rebuilds ORDER BY name, requested_at DESC`,
    );
    // Which projector process holds each projection's lease (the one applying it).
    const leases = await this.pool.query<LeaseRow>(
      `SELECT projection, owner, generation::text, expires_at, owner IS NOT NULL AND expires_at > now() AS held
         FROM projection_leases WHERE partition = 0`,
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
          // The rate of its latest batches: after a quiet while, nothing is flowing.
          eventsPerSecond:
            row && now - row.updated_at.getTime() < RATE_FRESH_MS ? row.events_per_second : 0,
          updatedAt: row?.updated_at.toISOString() ?? null,
          status: lagEvents === 0 ? 'caught-up' : stalled ? 'stalled' : 'catching-up',
          lease: leaseView(leases.rows.find((r) => r.projection === name)),
          rebuild: rebuildView(rebuilds.rows.find((r) => r.name === name)),
        };
      }),
    );
  }

  /** Asks a projector to replay the projection into shadow tables and swap them in (no downtime). */
  @Post(':name/rebuild')
  @HttpCode(202)
  @RequireScope('admin')
  async rebuild(@Param('name') name: string) {
    if (!FOLLOWS[name]) throw new AppError('NOT_FOUND', `No projection "${name}"`);
    try {
      const { rows } = await this.pool.query<RebuildRow>(
        `INSERT INTO projection_rebuilds (id, name, status) VALUES ($1, $2, 'requested')
         RETURNING id, name, status, requested_at, started_at, finished_at, processed, total, error`,
        [randomUUID(), name],
      );
      return rebuildView(rows[0]);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new AppError(
          'REBUILD_IN_PROGRESS',
          `A rebuild of "${name}" is already requested or running`,
        );
      }
      throw err;
    }
  }
}

interface LeaseRow {
  projection: string;
  owner: string | null;
  generation: string;
  expires_at: Date;
  held: boolean;
}

/** owner: host:pid:nonce of the projector process; held false once released or expired. */
function leaseView(r: LeaseRow | undefined) {
  if (!r) return null;
  return {
    owner: r.owner,
    generation: Number(r.generation),
    expiresAt: r.expires_at.toISOString(),
    held: r.held,
  };
}

interface RebuildRow {
  id: string;
  name: string;
  status: string;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  processed: string;
  total: string | null;
  error: string | null;
}

function rebuildView(r: RebuildRow | undefined) {
  if (!r) return null;
  return {
    id: r.id,
    status: r.status,
    requestedAt: r.requested_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    processed: Number(r.processed),
    total: r.total === null ? null : Number(r.total),
    error: r.error,
  };
}
