import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore, PollingLoop } from '@journey/event-store';
import { PROJECTIONS } from '../projections';
import { failRebuild, runRebuild } from './recorded-rebuild';
import { rebuildProgress } from '../metrics/projector-metrics';

const POLL_MS = 1000;

/** Carries out rebuilds requested through the API (rows in projection_rebuilds), one at a time. */
export class RebuildWorker {
  private readonly logger = new Logger(RebuildWorker.name);
  private readonly loop = new PollingLoop(
    'rebuild worker',
    POLL_MS,
    () => this.runNext(),
    this.logger,
  );

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly databaseUrl: string,
    /** The partition count a rebuild builds (the projector's configured one). */
    private readonly partitions: number,
  ) {}

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Claims and runs the oldest requested rebuild; true when there was one (look for the next). */
  private async runNext(): Promise<boolean> {
    // Claimed with SKIP LOCKED: with several projector processes, one takes each request.
    const { rows } = await this.pool.query<{ id: string; name: string }>(
      `UPDATE projection_rebuilds SET status = 'running', started_at = now()
        WHERE id = (SELECT id FROM projection_rebuilds WHERE status = 'requested'
                     ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, name`,
    );
    const job = rows[0];
    if (!job) return false;
    const make = PROJECTIONS[job.name];
    try {
      if (!make) {
        await failRebuild(this.pool, job, `unknown projection "${job.name}"`);
        throw new Error(`unknown projection "${job.name}"`);
      }
      // From 0: a gauge left at 1 by the previous rebuild would call this one done.
      rebuildProgress.set({ projection: job.name }, 0);
      await runRebuild(
        this.pool,
        this.store,
        this.databaseUrl,
        job,
        (mode, partition) => make(mode, { partition }),
        this.partitions,
        ({ processed, total }) =>
          rebuildProgress.set({ projection: job.name }, total ? Math.min(1, processed / total) : 0),
      );
      rebuildProgress.set({ projection: job.name }, 1);
    } catch (err) {
      this.logger.error({ msg: 'rebuild failed', projection: job.name, error: String(err) });
    }
    return true;
  }
}
