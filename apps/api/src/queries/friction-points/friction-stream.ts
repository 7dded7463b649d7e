import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/event-store';
import { FeedHorizon } from '@journey/read-models';

const POLL_MS = 200;
const HEARTBEAT_MS = 15_000;
const PAGE = 500;

export interface StreamOptions {
  readonly journey: string | null;
  readonly type: string | null;
  /** Feed position to resume after; null: only what comes from now on. */
  readonly after: string | null;
}

/**
 * Serves the friction feed as Server-Sent Events. It polls the feed table (a new occurrence shows
 * within the poll interval of its projection). Positions are the feed's own sequence; rows are
 * served only up to the horizon below which none can still commit, so a client (and a resumed
 * one) never skips a row that committed late.
 */
@Injectable()
export class FrictionStream {
  private readonly logger = new Logger('FrictionStream');

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async serve(req: Request, res: Response, o: StreamOptions): Promise<void> {
    let after = o.after ?? (await this.head());
    res.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    res.write(`retry: 2000\n: position ${after}\n\n`);
    let open = true;
    req.on('close', () => (open = false));
    let quietSince = Date.now();
    const horizon = new FeedHorizon();
    while (open) {
      try {
        const rows = await this.page(after, (await horizon.final(this.pool)).toString());
        for (const r of rows) {
          after = r.seq;
          if ((o.journey && r.journey !== o.journey) || (o.type && r.type !== o.type)) continue;
          res.write(`id: ${r.seq}\nevent: friction\ndata: ${JSON.stringify(r.payload)}\n\n`);
          quietSince = Date.now();
        }
        if (rows.length === PAGE) continue;
      } catch (err) {
        this.logger.warn({ msg: 'friction feed read failed; retrying', error: String(err) });
      }
      if (Date.now() - quietSince >= HEARTBEAT_MS) {
        res.write(': heartbeat\n\n');
        quietSince = Date.now();
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    res.end();
  }

  private async head(): Promise<string> {
    const { rows } = await this.pool.query<{ seq: string }>(
      'SELECT coalesce(max(seq), 0)::text AS seq FROM friction_feed',
    );
    return rows[0].seq;
  }

  private async page(after: string, upTo: string) {
    const { rows } = await this.pool.query<{
      seq: string;
      journey: string;
      type: string;
      payload: unknown;
    }>(
      `SELECT seq::text AS seq, journey, type, payload FROM friction_feed
        WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
      [after, upTo, PAGE],
    );
    return rows;
  }
}
