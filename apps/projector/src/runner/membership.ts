import { Pool } from 'pg';
import { recordPartitionsOnce } from '@journey/read-models';

/**
 * The projector processes alive for a projection: each renews its row (a heartbeat) and takes
 * ceil(partitions / members) of the partitions. A process that stops deletes its row; one that
 * dies drops out when its row expires, and the others take over its partitions as its leases
 * expire.
 */
export class Membership {
  constructor(
    private readonly pool: Pool,
    private readonly projection: string,
    private readonly owner: string,
    private readonly ttlMs: number,
  ) {}

  /** Renews this process's row; returns how many processes are alive (this one included). */
  async heartbeat(): Promise<number> {
    const { rows } = await this.pool.query<{ members: number }>(
      `WITH me AS (
         INSERT INTO projector_members (projection, owner, expires_at)
         VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
         ON CONFLICT (projection, owner) DO UPDATE SET expires_at = EXCLUDED.expires_at
       )
       SELECT 1 + count(*)::int AS members FROM projector_members
        WHERE projection = $1 AND owner <> $2 AND expires_at > clock_timestamp()`,
      [this.projection, this.owner, this.ttlMs],
    );
    return rows[0].members;
  }

  async leave(): Promise<void> {
    await this.pool.query('DELETE FROM projector_members WHERE projection = $1 AND owner = $2', [
      this.projection,
      this.owner,
    ]);
  }

  /**
   * The partition count the read models are built with; the first process of a fresh database
   * records the configured one. Another count takes a rebuild (projection_partitioning).
   */
  async partitions(configured: number): Promise<number> {
    return recordPartitionsOnce(this.pool, this.projection, configured);
  }

  /** Partitions whose lease nobody holds (never taken, released or expired). */
  async freePartitions(count: number): Promise<number[]> {
    const { rows } = await this.pool.query<{ p: number }>(
      `SELECT p FROM generate_series(0, $2::int - 1) AS p
        WHERE NOT EXISTS (SELECT 1 FROM projection_leases l
                           WHERE l.projection = $1 AND l.partition = p
                             AND l.owner IS NOT NULL AND l.expires_at > clock_timestamp())`,
      [this.projection, count],
    );
    return rows.map((r) => r.p);
  }
}
