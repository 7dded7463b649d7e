import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from '@journey/event-store';
import { Projection } from './projection';
import { ProjectionRunner, RunnerOptions } from './projection-runner';
import { Membership } from './membership';

export interface PartitionedProjection {
  readonly name: string;
  make(partition: { readonly count: number; readonly index: number }): Projection;
}

export interface ManagerOptions {
  readonly owner: string;
  /** Lease and membership time: a dead process's partitions are taken over after it. */
  readonly ttlMs: number;
  /** The count a fresh database gets; an existing one keeps its own until a rebuild. */
  readonly partitions: number;
  readonly runner: RunnerOptions;
}

/** A runner that did not get its lease within this many rounds stands down (someone holds it). */
const WAITING_ROUNDS = 2;

/**
 * Runs this process's share of a partitioned projection: every third of the lease time it renews
 * its membership, counts the live processes, and moves towards ceil(partitions / processes)
 * partitions: it releases the highest ones it holds above that (another process takes them at
 * once), and starts runners for free ones below it. A runner whose lease another process took
 * (this one was paused) stands down. The partition count is reread every round: after a rebuild
 * that changed it, every runner is replaced.
 */
export class PartitionManager {
  private readonly runners = new Map<number, { runner: ProjectionRunner; waiting: number }>();
  private readonly membership: Membership;
  private readonly logger: Logger;
  private count: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly projection: PartitionedProjection,
    private readonly options: ManagerOptions,
  ) {
    this.membership = new Membership(pool, projection.name, options.owner, options.ttlMs);
    this.logger = new Logger(`Partitions:${projection.name}`);
  }

  start(): void {
    this.schedule();
    this.timer = setInterval(() => this.schedule(), this.options.ttlMs / 3);
  }

  /** The runners of the partitions this process runs (holding their lease or about to). */
  get active(): ProjectionRunner[] {
    return [...this.runners.values()].map((r) => r.runner);
  }

  /** The partition count in force (null before the first round). */
  get partitionCount(): number | null {
    return this.count;
  }

  /** `releaseLeases: false` leaves the leases to expire, as a crash would (tests). */
  async stop(options: { releaseLeases?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.round;
    const release = options.releaseLeases !== false;
    await Promise.all(this.active.map((r) => r.stop({ releaseLease: release })));
    this.runners.clear();
    if (release) await this.membership.leave().catch(() => undefined);
  }

  private schedule(): void {
    // Rounds never overlap: a slow one (a runner finishing its batch) delays the next.
    this.round = this.round.then(() =>
      this.stopped
        ? undefined
        : this.rebalance().catch((err: unknown) =>
            this.logger.warn({ msg: 'partition round failed', error: String(err) }),
          ),
    );
  }

  private async rebalance(): Promise<void> {
    const members = await this.membership.heartbeat();
    const count = await this.membership.partitions(this.options.partitions);
    if (count !== this.count) {
      if (this.count !== null)
        this.logger.log({ msg: 'partition count changed', from: this.count, to: count });
      await this.standDown([...this.runners.keys()]);
      this.count = count;
    }
    if (count !== this.options.partitions) {
      this.logger.warn({
        msg: 'read models are built with another partition count; a rebuild applies the configured one',
        built: count,
        configured: this.options.partitions,
      });
    }
    // Runners that never got their lease, or lost it, stand down after a while.
    for (const r of this.runners.values()) r.waiting = r.runner.heldLease ? 0 : r.waiting + 1;
    await this.standDown(
      [...this.runners].filter(([, r]) => r.waiting > WAITING_ROUNDS).map(([index]) => index),
    );
    const share = Math.ceil(count / members);
    const mine = [...this.runners.keys()].sort((a, b) => a - b);
    if (mine.length > share) {
      await this.standDown(mine.slice(share));
      return;
    }
    if (mine.length === share) return;
    const free = (await this.membership.freePartitions(count)).filter((p) => !this.runners.has(p));
    // Start where this owner's hash points: processes starting together try different ones first.
    const offset = hashOf(this.options.owner) % Math.max(1, free.length);
    const ordered = [...free.slice(offset), ...free.slice(0, offset)];
    for (const index of ordered.slice(0, share - mine.length)) {
      const runner = new ProjectionRunner(
        this.store,
        this.pool,
        this.projection.make({ count, index }),
        { ...this.options.runner, lease: { owner: this.options.owner, ttlMs: this.options.ttlMs } },
      );
      this.runners.set(index, { runner, waiting: 0 });
      runner.start();
    }
  }

  private async standDown(indexes: readonly number[]): Promise<void> {
    await Promise.all(
      indexes.map(async (index) => {
        const r = this.runners.get(index);
        this.runners.delete(index);
        await r?.runner.stop();
      }),
    );
  }
}

function hashOf(s: string): number {
  let h = 0;
  for (let k = 0; k < s.length; k++) h = (Math.imul(h, 31) + s.charCodeAt(k)) >>> 0;
  return h;
}
