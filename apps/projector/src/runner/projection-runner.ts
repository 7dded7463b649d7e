import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore, Position, RecordedEvent, Subscription } from '@journey/event-store';
import {
  CheckpointMovedError,
  ensureCheckpoint,
  loadCheckpoint,
  PartitioningChangedError,
} from '@journey/read-models';
import { Projection } from './projection';
import { Lease, LeaseKeeper, LeaseLostError } from './leases';
import { commitBatch, raceTimeout, tickInTransaction, TIMEOUT } from './batch-transactions';
import { DEFAULT_RUNNER_OPTIONS, RunnerOptions } from './runner-options';
import { BatchSize, fillBatch } from './batch-fill';
import { blendedRate, reportBatch } from './batch-stats';
import { readLag, trackLag } from '../metrics/projection-lag';

export { DEFAULT_RUNNER_OPTIONS } from './runner-options';
export type { RunnerOptions } from './runner-options';

/** Quiet time after which the projection's tick runs. */
const IDLE_TICK_MS = 1000;

/**
 * Feeds a projection from its checkpoint: batches of events, each applied and checkpointed in one
 * PostgreSQL transaction, so a crash at any point replays exactly the uncommitted batch. A failed
 * batch is retried from the checkpoint after a pause.
 */
export class ProjectionRunner {
  private subscription: Subscription | null = null;
  private stopped = false;
  private done: Promise<void> | null = null;
  private readonly logger: Logger;
  /** Recent throughput, for status. */
  eventsPerSecond = 0;
  private appliedSinceFailure = false;
  private readonly leases: LeaseKeeper | null;
  /** This runner's share of the projection: partition `index` of `count`. */
  readonly partition: { readonly count: number; readonly index: number };

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly projection: Projection,
    private readonly options: RunnerOptions = DEFAULT_RUNNER_OPTIONS,
  ) {
    this.partition = projection.partition ?? { count: 1, index: 0 };
    const { count, index } = this.partition;
    this.logger = new Logger(
      count === 1 ? `Projection:${projection.name}` : `Projection:${projection.name}#${index}`,
    );
    const lease = options.lease;
    this.leases = lease
      ? new LeaseKeeper(
          pool,
          { projection: projection.name, partition: index },
          lease,
          this.logger,
          async () => {
            await this.subscription?.close();
          },
        )
      : null;
  }

  start(): void {
    this.done ??= this.loop();
  }

  /** Whether the runner has stopped (its partition handed over, or the projector stopping). */
  get stopping(): boolean {
    return this.stopped;
  }

  /** The lease held (owner and generation), for status; null without or while standing by. */
  get heldLease(): Lease | null {
    return this.leases?.held ?? null;
  }

  /** `releaseLease: false` leaves the lease to expire, as a crash would (tests). */
  async stop(options: { releaseLease?: boolean } = {}): Promise<void> {
    this.stopped = true;
    this.leases?.cancelWait();
    await this.subscription?.close();
    await this.done?.catch(() => undefined);
    await this.leases?.stop(options.releaseLease !== false);
  }

  private async loop(): Promise<void> {
    let backoff = 200;
    while (!this.stopped) {
      if (this.leases && !this.leases.held) {
        await this.leases.acquire();
        continue;
      }
      try {
        await this.follow(this.leases?.held ?? null);
        // The subscription was closed under it: the lease was lost (or the runner stops).
        if (this.leases && !this.leases.held) this.projection.forget?.();
      } catch (err) {
        if (this.stopped) return;
        if (err instanceof LeaseLostError) {
          this.logger.warn({ msg: err.message });
          this.leases?.drop();
          this.projection.forget?.();
          continue;
        }
        // Failures after progress start the backoff over: two runners deadlocking now and then
        // must not end up waiting 10 s each time.
        if (this.appliedSinceFailure) backoff = 200;
        this.appliedSinceFailure = false;
        // Whatever the projection held may describe rows that were rolled back or rewritten.
        this.projection.forget?.();
        if (err instanceof CheckpointMovedError || err instanceof PartitioningChangedError) {
          this.logger.warn({ msg: err.message });
          continue;
        }
        this.logger.error({
          msg: 'projection batch failed; resuming from the checkpoint',
          error: String(err),
          retryInMs: backoff,
        });
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  private async follow(lease: Lease | null): Promise<void> {
    const { name } = this.projection;
    await ensureCheckpoint(this.pool, name, this.partition.index);
    const { position } = await loadCheckpoint(this.pool, name, this.partition.index);
    let at = position;
    const share = {
      streamPrefix: this.projection.streamPrefixes,
      ...(this.partition.count > 1 ? { partition: this.partition } : {}),
    };
    const sub = this.store.subscribeToAll({ fromPosition: position, ...share });
    this.subscription = sub;
    // While this runner follows the partition, scrapes read how far `at` is behind.
    const untrackLag = trackLag({
      projection: name,
      partition: this.partition.index,
      lag: () => readLag(this.store, at, share),
    });
    const it = sub[Symbol.asyncIterator]();
    const size = new BatchSize(this.options);
    try {
      let pending = it.next();
      while (!this.stopped) {
        let first = await raceTimeout(pending, IDLE_TICK_MS);
        while (first === TIMEOUT) {
          const more = this.projection.tick ? await this.inSlot(() => this.tick(lease)) : false;
          first = await raceTimeout(pending, more ? 0 : IDLE_TICK_MS);
          if (this.stopped) return;
        }
        if (first.done) return;
        pending = it.next();
        // Events that come while the slot is awaited join this batch.
        const release = await this.acquireSlot();
        const batch: RecordedEvent[] = [first.value];
        try {
          const filled = await fillBatch(batch, it, pending, size, this.options.maxWaitMs);
          pending = filled.pending;
          size.after(batch.length, filled.ranDry && !sub.catchingUp);
          await this.applyBatch(at, batch, lease);
        } finally {
          release();
        }
        this.appliedSinceFailure = true;
        at = batch[batch.length - 1].position;
      }
    } finally {
      untrackLag();
      await sub.close();
    }
  }

  private async acquireSlot(): Promise<() => void> {
    return this.options.slots ? this.options.slots.acquire() : () => undefined;
  }

  private async inSlot<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquireSlot();
    try {
      return await work();
    } finally {
      release();
    }
  }

  private tick(lease: Lease | null): Promise<boolean> {
    return tickInTransaction(this.pool, this.projection, this.partition, lease);
  }

  private async applyBatch(
    from: Position,
    batch: RecordedEvent[],
    lease: Lease | null,
  ): Promise<void> {
    const started = Date.now();
    await commitBatch(this.pool, this.projection, this.partition, { from, batch, lease }, () => {
      this.eventsPerSecond = blendedRate(this.eventsPerSecond, batch.length, started);
      return this.eventsPerSecond;
    });
    reportBatch(this.logger, this.projection.name, this.partition.index, batch, started);
  }
}
