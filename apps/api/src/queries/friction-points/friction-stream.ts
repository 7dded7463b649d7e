import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { AppError } from '../../common/app-error';
import { drained } from '../../common/drained';
import { trackStreams } from '../../metrics/api-metrics';
import { FeedRow, FrictionFeed } from './friction-feed';

const HEARTBEAT_MS = 15_000;
const SLOW = 'client too slow';

export const STREAM_LIMITS = Symbol('STREAM_LIMITS');

export interface StreamLimits {
  /** Open streams per process, and per API key. */
  readonly maxStreams: number;
  readonly maxStreamsPerKey: number;
  /** How often open streams' keys are checked for revocation. */
  readonly keyRecheckMs: number;
  /** A client that takes nothing for this long, while its connection's buffer is full, is dropped. */
  readonly slowClientMs: number;
}

export interface StreamOptions {
  readonly journey: string | null;
  readonly type: string | null;
  /** Feed position to resume after; null: only what comes from now on. */
  readonly after: string | null;
  /** The API key the stream was opened with. */
  readonly keyId: string;
}

interface Open {
  readonly keyId: string;
  close(reason: string): void;
}

/**
 * Serves the friction feed as Server-Sent Events from the process's one FrictionFeed. Each stream
 * writes only when its client took the previous writes (else it waits for `drain`), so a client
 * that never reads holds at most a socket buffer, and is dropped after `slowClientMs`. Streams are
 * capped per process and per key (429), and closed within `keyRecheckMs` of their key's
 * revocation.
 */
@Injectable()
export class FrictionStream implements OnModuleDestroy {
  private readonly logger = new Logger('FrictionStream');
  private readonly open = new Set<Open>();
  private recheck: NodeJS.Timeout | null = null;
  private readonly untrack = trackStreams(this);

  constructor(
    private readonly feed: FrictionFeed,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(STREAM_LIMITS) private readonly limits: StreamLimits,
  ) {}

  /** How many streams are open (status, tests). */
  get openStreams(): number {
    return this.open.size;
  }

  async serve(req: Request, res: Response, o: StreamOptions): Promise<void> {
    this.admit(o.keyId);
    let after = o.after === null ? await this.feed.head() : BigInt(o.after);
    let closed = false;
    let wake: (() => void) | null = null;
    // Set by the feed: rows came while the stream was reading, so it must not go to sleep.
    let pending = false;
    const stream: Open = {
      keyId: o.keyId,
      close: (reason) => {
        if (closed) return;
        closed = true;
        if (reason !== 'client') this.logger.log({ msg: 'friction stream closed', reason });
        // A client that takes nothing would keep the socket (and its buffer) until it did.
        if (reason === SLOW) res.destroy();
        else res.end();
        wake?.();
      },
    };
    this.open.add(stream);
    this.startRecheck();
    const unlisten = this.feed.listen(() => {
      pending = true;
      wake?.();
    });
    req.on('close', () => stream.close('client'));
    res.on('close', () => stream.close('client'));
    try {
      res.status(200).set({
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.flushHeaders();
      res.write(`retry: 2000\n: position ${after}\n\n`);
      const wanted = (r: FeedRow) =>
        (!o.journey || r.journey === o.journey) && (!o.type || r.type === o.type);
      while (!closed) {
        pending = false;
        const rows = await this.feed.rowsAfter(after);
        for (const r of rows) {
          if (closed) break;
          after = r.seq;
          if (wanted(r) && !res.write(r.frame) && !(await drained(res, this.limits.slowClientMs)))
            stream.close(SLOW);
        }
        if (rows.length > 0 || closed || pending) continue;
        // Quiet: until the feed has more, or a heartbeat is due.
        const woken = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), HEARTBEAT_MS);
          wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        wake = null;
        if (!woken && !closed && !res.write(': heartbeat\n\n'))
          if (!(await drained(res, this.limits.slowClientMs))) stream.close(SLOW);
      }
    } catch (err) {
      this.logger.warn({ msg: 'friction stream failed', error: String(err) });
      stream.close('error');
    } finally {
      unlisten();
      this.open.delete(stream);
      if (this.open.size === 0) this.stopRecheck();
    }
  }

  onModuleDestroy(): void {
    for (const s of [...this.open]) s.close('shutting down');
    this.stopRecheck();
    this.untrack();
  }

  private admit(keyId: string): void {
    const byKey = [...this.open].filter((s) => s.keyId === keyId).length;
    const full =
      this.open.size >= this.limits.maxStreams
        ? `this server has ${this.limits.maxStreams} friction streams open`
        : byKey >= this.limits.maxStreamsPerKey
          ? `this API key has ${this.limits.maxStreamsPerKey} friction streams open`
          : null;
    if (full) throw new AppError('TOO_MANY_STREAMS', `${full}; close one first`);
  }

  /** Every `keyRecheckMs`, the streams whose key was revoked (or deleted) are closed. */
  private startRecheck(): void {
    this.recheck ??= setInterval(() => void this.closeRevoked(), this.limits.keyRecheckMs);
  }

  private stopRecheck(): void {
    if (this.recheck) clearInterval(this.recheck);
    this.recheck = null;
  }

  private async closeRevoked(): Promise<void> {
    const ids = [...new Set([...this.open].map((s) => s.keyId))];
    if (ids.length === 0) return;
    try {
      const { rows } = await this.pool.query<{ id: string }>(
        'SELECT id FROM api_keys WHERE id = ANY($1::text[]) AND revoked_at IS NULL',
        [ids],
      );
      const active = new Set(rows.map((r) => r.id));
      for (const s of [...this.open]) if (!active.has(s.keyId)) s.close('API key revoked');
    } catch (err) {
      this.logger.warn({ msg: "could not check the streams' API keys", error: String(err) });
    }
  }
}
