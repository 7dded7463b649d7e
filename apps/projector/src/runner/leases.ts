import { Logger } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';

/** A claim on one partition of a projection: valid while `generation` is the stored one. */
export interface Lease {
  readonly projection: string;
  readonly partition: number;
  readonly owner: string;
  readonly generation: number;
}

/** Another process took the partition over (this one was paused or cut off past its lease). */
export class LeaseLostError extends Error {
  constructor(lease: Lease) {
    super(
      `Lease of projection "${lease.projection}" partition ${lease.partition} (generation ${lease.generation}) was taken over; not committing`,
    );
    this.name = 'LeaseLostError';
  }
}

/** Takes the partition if it is free, released or expired; null while another holds it. */
export async function claimLease(
  pool: Pool,
  projection: string,
  partition: number,
  owner: string,
  ttlMs: number,
): Promise<Lease | null> {
  const { rows } = await pool.query<{ generation: string }>(
    `INSERT INTO projection_leases AS l (projection, partition, owner, generation, expires_at)
     VALUES ($1, $2, $3, 1, clock_timestamp() + $4 * interval '1 millisecond')
     ON CONFLICT (projection, partition) DO UPDATE
       SET owner = EXCLUDED.owner, generation = l.generation + 1, expires_at = EXCLUDED.expires_at
       WHERE l.owner IS NULL OR l.expires_at < clock_timestamp()
     RETURNING generation::text`,
    [projection, partition, owner, ttlMs],
  );
  return rows[0] ? { projection, partition, owner, generation: Number(rows[0].generation) } : null;
}

/** Extends the lease; false when it is no longer this one (taken over meanwhile). */
export async function renewLease(pool: Pool, lease: Lease, ttlMs: number): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE projection_leases SET expires_at = clock_timestamp() + $5 * interval '1 millisecond'
      WHERE projection = $1 AND partition = $2 AND owner = $3 AND generation = $4`,
    [lease.projection, lease.partition, lease.owner, lease.generation, ttlMs],
  );
  return rowCount === 1;
}

/** Hands the partition over at once (a clean shutdown). */
export async function releaseLease(pool: Pool, lease: Lease): Promise<void> {
  await pool.query(
    `UPDATE projection_leases SET owner = NULL, expires_at = clock_timestamp()
      WHERE projection = $1 AND partition = $2 AND owner = $3 AND generation = $4`,
    [lease.projection, lease.partition, lease.owner, lease.generation],
  );
}

/**
 * Inside a batch's transaction, before it commits: the lease must still be this one. The row stays
 * locked until the commit, so a claim waits for it, and a claim made earlier fails the batch.
 */
export async function assertLease(tx: PoolClient, lease: Lease): Promise<void> {
  const { rowCount } = await tx.query(
    `SELECT 1 FROM projection_leases
      WHERE projection = $1 AND partition = $2 AND owner = $3 AND generation = $4 FOR SHARE`,
    [lease.projection, lease.partition, lease.owner, lease.generation],
  );
  if (rowCount !== 1) throw new LeaseLostError(lease);
}

/**
 * One runner's lease: claimed (or waited for), renewed every third of its time, dropped when lost
 * and released on a clean stop. `onLost` runs when a renewal finds another process took it over.
 */
export class LeaseKeeper {
  private lease: Lease | null = null;
  private renewing: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;

  private readonly projection: string;
  private readonly partition: number;
  private readonly owner: string;
  private readonly ttlMs: number;

  constructor(
    private readonly pool: Pool,
    of: { readonly projection: string; readonly partition: number },
    by: { readonly owner: string; readonly ttlMs: number },
    private readonly logger: Logger,
    private readonly onLost: () => Promise<void>,
  ) {
    this.projection = of.projection;
    this.partition = of.partition;
    this.owner = by.owner;
    this.ttlMs = by.ttlMs;
  }

  get held(): Lease | null {
    return this.lease;
  }

  /** Claims the lease, or waits a third of its time for another try (`cancelWait` ends it). */
  async acquire(): Promise<Lease | null> {
    try {
      this.lease = await claimLease(
        this.pool,
        this.projection,
        this.partition,
        this.owner,
        this.ttlMs,
      );
    } catch (err) {
      this.logger.warn({ msg: 'lease claim failed', error: String(err) });
    }
    if (this.lease) {
      this.logger.log({ msg: 'lease taken', owner: this.owner, generation: this.lease.generation });
      this.renewing = setInterval(() => void this.renew(), this.ttlMs / 3);
      return this.lease;
    }
    await new Promise<void>((r) => {
      const timer = setTimeout(r, this.ttlMs / 3);
      this.wake = () => {
        clearTimeout(timer);
        r();
      };
    });
    this.wake = null;
    return null;
  }

  cancelWait(): void {
    this.wake?.();
  }

  drop(): void {
    if (this.renewing) clearInterval(this.renewing);
    this.renewing = null;
    this.lease = null;
  }

  /** Drops the lease and hands it over at once; `release: false` leaves it to expire (a crash). */
  async stop(release = true): Promise<void> {
    const lease = this.lease;
    this.drop();
    if (lease && release) await releaseLease(this.pool, lease).catch(() => undefined);
  }

  private async renew(): Promise<void> {
    const lease = this.lease;
    if (!lease) return;
    // A renewal that fails on an error is tried again; the batch's own check fences meanwhile.
    const held = await renewLease(this.pool, lease, this.ttlMs).catch(() => true);
    if (held || this.lease !== lease) return;
    this.logger.warn({ msg: 'lease lost to another process', generation: lease.generation });
    this.drop();
    await this.onLost();
  }
}
