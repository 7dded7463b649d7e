import { Pool } from 'pg';
import { allPartitionCounts, CheckpointRow, listCheckpoints } from '@journey/read-models';

export interface LeaseRow {
  projection: string;
  partition: number;
  owner: string | null;
  generation: string;
  expires_at: Date;
  held: boolean;
}

export interface RebuildRow {
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

export interface StatusRows {
  readonly checkpoints: CheckpointRow[];
  /** Partition count by projection; a projection without a row has 1. */
  readonly partitioning: Map<string, number>;
  readonly leases: LeaseRow[];
  /** The latest rebuild of each projection. */
  readonly rebuilds: RebuildRow[];
}

const REBUILD_COLUMNS =
  'id, name, status, requested_at, started_at, finished_at, processed, total, error';

/** Everything GET /v1/projections reports besides the store's lag. */
export async function readStatusRows(pool: Pool): Promise<StatusRows> {
  const checkpoints = await listCheckpoints(pool);
  const partitioning = await allPartitionCounts(pool);
  // Which projector process holds each partition's lease (the one applying it).
  const leases = await pool.query<LeaseRow>(
    `SELECT projection, partition, owner, generation::text, expires_at,
            owner IS NOT NULL AND expires_at > now() AS held
       FROM projection_leases`,
  );
  const rebuilds = await pool.query<RebuildRow>(
    `SELECT DISTINCT ON (name) ${REBUILD_COLUMNS}
       FROM projection_rebuilds ORDER BY name, requested_at DESC`,
  );
  return {
    checkpoints,
    partitioning,
    leases: leases.rows,
    rebuilds: rebuilds.rows,
  };
}

/** A rebuild request; a second one while one is requested or running violates a unique index. */
export async function insertRebuild(pool: Pool, id: string, name: string): Promise<RebuildRow> {
  const { rows } = await pool.query<RebuildRow>(
    `INSERT INTO projection_rebuilds (id, name, status) VALUES ($1, $2, 'requested')
     RETURNING ${REBUILD_COLUMNS}`,
    [id, name],
  );
  return rows[0];
}
