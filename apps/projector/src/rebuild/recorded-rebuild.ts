import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { EventStore } from '@journey/event-store';
import { isUniqueViolation } from '@journey/postgres';
import { Projection } from '../runner/projection';
import { rebuildProjection, RebuildProgress } from './rebuild';

export interface RebuildJob {
  readonly id: string;
  readonly name: string;
}

/** A rebuild of the projection is already requested or running (they share one shadow schema). */
export class RebuildInProgressError extends Error {
  constructor(name: string) {
    super(`A rebuild of "${name}" is already requested or running`);
    this.name = 'RebuildInProgressError';
  }
}

/**
 * Records a rebuild started outside the API (the CLI) as running, so that GET /v1/projections
 * shows it and no second rebuild (API or CLI) starts on the same shadow tables meanwhile.
 */
export async function claimRebuild(pool: Pool, name: string): Promise<RebuildJob> {
  const id = randomUUID();
  try {
    await pool.query(
      `INSERT INTO projection_rebuilds (id, name, status, started_at) VALUES ($1, $2, 'running', now())`,
      [id, name],
    );
  } catch (err) {
    // The partial unique index of open rebuilds per projection.
    if (isUniqueViolation(err)) throw new RebuildInProgressError(name);
    throw err;
  }
  return { id, name };
}

/** Carries out a claimed rebuild, reporting progress and the outcome in its record. */
export async function runRebuild(
  pool: Pool,
  store: EventStore,
  databaseUrl: string,
  job: RebuildJob,
  make: (mode: 'rebuild', partition: { count: number; index: number }) => Projection,
  partitions: number,
  onProgress?: (p: RebuildProgress) => void,
): Promise<RebuildProgress> {
  try {
    const result = await rebuildProjection(store, databaseUrl, make, {
      partitions,
      onProgress: (p) => {
        onProgress?.(p);
        void pool
          .query('UPDATE projection_rebuilds SET processed = $2, total = $3 WHERE id = $1', [
            job.id,
            p.processed,
            p.total,
          ])
          .catch(() => undefined);
      },
    });
    await pool.query(
      "UPDATE projection_rebuilds SET status = 'done', finished_at = now(), processed = $2, total = $3 WHERE id = $1",
      [job.id, result.processed, result.total],
    );
    return result;
  } catch (err) {
    await failRebuild(pool, job, String(err));
    throw err;
  }
}

export async function failRebuild(pool: Pool, job: RebuildJob, error: string): Promise<void> {
  await pool.query(
    "UPDATE projection_rebuilds SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1",
    [job.id, error],
  );
}
