import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { FeedHorizon } from '@journey/read-models';

const POLL_MS = 200;
const PAGE = 500;
/** Rows kept in memory for the streams that follow the feed closely. */
const RECENT_ROWS = 5_000;
/** A stream further behind reads the table, this many rows at once, this many streams at once. */
const BEHIND_PAGE = 50;
const BEHIND_READERS = 2;

/** A final row of the friction feed, with its Server-Sent Event made once for every stream. */
export interface FeedRow {
  readonly seq: bigint;
  readonly journey: string;
  readonly type: string;
  readonly frame: string;
}

/**
 * The friction feed as one process reads it for all its open streams: a single poller (while any
 * stream listens) reads what became final, keeps the newest rows, and wakes the listeners. A
 * stream behind those rows pages the table itself, one page per page its client took. Rows are
 * served only up to the horizon below which none can still commit, so no stream skips a row that
 * committed late.
 */
@Injectable()
export class FrictionFeed implements OnModuleDestroy {
  private readonly logger = new Logger('FrictionFeed');
  private readonly horizon = new FeedHorizon();
  /** Every final row up to here has been read; null until first asked. */
  private position: bigint | null = null;
  /** The final rows after `keptFrom`, ascending. */
  private recent: FeedRow[] = [];
  private keptFrom = 0n;
  private readonly listeners = new Set<() => void>();
  private polling = false;
  private starting: Promise<void> | null = null;
  private stopped = false;
  private readers = 0;
  private readonly queue: (() => void)[] = [];
  /** Polls so far (tests: one poller, whatever the number of streams). */
  polls = 0;

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The feed's final position: where a stream that asks for no history starts. */
  async head(): Promise<bigint> {
    this.starting ??= this.start();
    await this.starting;
    return this.position!;
  }

  /** Reads the newest RECENT_ROWS final rows: streams resuming a little back need no query. */
  private async start(): Promise<void> {
    const final = await this.horizon.final(this.pool);
    const { rows } = await this.pool.query<RowOf>(
      `SELECT * FROM (SELECT seq::text AS seq, journey, type, payload::text AS payload
                        FROM friction_feed WHERE seq <= $1 ORDER BY seq DESC LIMIT $2) newest
        ORDER BY seq::bigint`,
      [final.toString(), RECENT_ROWS],
    );
    this.recent = rows.map(toFeedRow);
    this.keptFrom = rows.length < RECENT_ROWS ? 0n : this.recent[0].seq - 1n;
    this.position = final;
  }

  /** Calls `listener` whenever new rows are final; returns the unsubscribe. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    if (!this.polling) void this.poll();
    return () => this.listeners.delete(listener);
  }

  /** Final rows after `after`: a page from memory when it holds them, else from the table. */
  async rowsAfter(after: bigint): Promise<FeedRow[]> {
    const upTo = await this.head();
    if (after >= upTo) return [];
    if (after >= this.keptFrom) {
      const first = firstAfter(this.recent, after);
      return this.recent.slice(first, first + PAGE);
    }
    return this.readBehind(after, upTo);
  }

  onModuleDestroy(): void {
    this.stopped = true;
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      while (this.listeners.size > 0 && !this.stopped) {
        this.polls++;
        try {
          if (await this.catchUp()) for (const wake of [...this.listeners]) wake();
        } catch (err) {
          this.logger.warn({ msg: 'friction feed read failed; retrying', error: String(err) });
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    } finally {
      this.polling = false;
      // A stream that came as the loop was ending would otherwise wait without a poller.
      if (this.listeners.size > 0 && !this.stopped) void this.poll();
    }
  }

  /** Reads what became final since the last poll into memory; true when rows came. */
  private async catchUp(): Promise<boolean> {
    let position = await this.head();
    const final = await this.horizon.final(this.pool);
    let came = false;
    while (position < final) {
      const rows = await this.read(position, final, PAGE);
      this.recent.push(...rows);
      came ||= rows.length > 0;
      position = rows.length === PAGE ? rows[rows.length - 1].seq : final;
      this.position = position;
    }
    if (this.recent.length > RECENT_ROWS) {
      const dropped = this.recent.splice(0, this.recent.length - RECENT_ROWS);
      this.keptFrom = dropped[dropped.length - 1].seq;
    }
    return came;
  }

  private async read(after: bigint, upTo: bigint, limit: number): Promise<FeedRow[]> {
    const { rows } = await this.pool.query<RowOf>(
      `SELECT seq::text AS seq, journey, type, payload::text AS payload FROM friction_feed
        WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
      [after.toString(), upTo.toString(), limit],
    );
    return rows.map(toFeedRow);
  }

  /** A stream's page from the table: a few at a time per process, so ingestion keeps its pool. */
  private async readBehind(after: bigint, upTo: bigint): Promise<FeedRow[]> {
    while (this.readers >= BEHIND_READERS) await new Promise<void>((r) => this.queue.push(r));
    this.readers++;
    try {
      return await this.read(after, upTo, BEHIND_PAGE);
    } finally {
      this.readers--;
      this.queue.shift()?.();
    }
  }
}

interface RowOf {
  seq: string;
  journey: string;
  type: string;
  payload: string;
}

function toFeedRow(r: RowOf): FeedRow {
  return {
    seq: BigInt(r.seq),
    journey: r.journey,
    type: r.type,
    frame: `id: ${r.seq}\nevent: friction\ndata: ${r.payload}\n\n`,
  };
}

/** The index of the first row with seq > after (rows ascending). */
function firstAfter(rows: readonly FeedRow[], after: bigint): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].seq <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
