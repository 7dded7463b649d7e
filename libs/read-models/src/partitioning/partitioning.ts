import { PoolClient } from 'pg';

/**
 * projection_partitioning: the partition count each projection's read models are built with. Every
 * statement on it lives here (the runner's fence, membership, the rebuild, the API's status).
 */
type Queryable = Pick<PoolClient, 'query'>;

/** A rebuild changed the projection's partition count: runners of the old count must stop. */
export class PartitioningChangedError extends Error {
  constructor(name: string, stored: number, mine: number) {
    super(
      `Projection "${name}" is now built with ${stored} partitions, not ${mine}; this runner stops committing`,
    );
    this.name = 'PartitioningChangedError';
  }
}

/** The recorded count; null when none was (a runner alone, in tests, or before the first start). */
export async function recordedPartitions(db: Queryable, name: string): Promise<number | null> {
  const { rows } = await db.query<{ partitions: number }>(
    'SELECT partitions FROM projection_partitioning WHERE name = $1',
    [name],
  );
  return rows[0]?.partitions ?? null;
}

/** Every recorded count by projection (a projection without a row has 1). */
export async function allPartitionCounts(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await db.query<{ name: string; partitions: number }>(
    'SELECT name, partitions FROM projection_partitioning',
  );
  return new Map(rows.map((r) => [r.name, r.partitions]));
}

/**
 * Inside a batch's transaction, after its writes: the read models are still partitioned as this
 * runner's projection is. A rebuild's swap that changes the count locks the tables the batch wrote,
 * so it either committed before this check (which then fails) or waits for the batch's commit
 * (whose tables it then retires). No row means no count was recorded (a runner alone, in tests).
 */
export async function assertPartitioning(
  db: Queryable,
  name: string,
  count: number,
): Promise<void> {
  const stored = await recordedPartitions(db, name);
  if (stored !== null && stored !== count) throw new PartitioningChangedError(name, stored, count);
}

/**
 * The count the read models are built with; the first process of a fresh database records
 * `configured`. Another count takes a rebuild.
 */
export async function recordPartitionsOnce(
  db: Queryable,
  name: string,
  configured: number,
): Promise<number> {
  // One statement: the SELECT does not see the CTE's insert, so whichever row exists answers.
  const { rows } = await db.query<{ partitions: number }>(
    `WITH fresh AS (
       INSERT INTO projection_partitioning (name, partitions) VALUES ($1, $2)
       ON CONFLICT (name) DO NOTHING RETURNING partitions
     )
     SELECT partitions FROM fresh
     UNION ALL SELECT partitions FROM projection_partitioning WHERE name = $1
     LIMIT 1`,
    [name, configured],
  );
  return rows[0].partitions;
}

/** A rebuild's shadow schema gets its own table: its runners are fenced by the count they build. */
export async function createShadowPartitioning(
  db: Queryable,
  shadow: string,
  name: string,
  partitions: number,
): Promise<void> {
  await db.query(
    `CREATE TABLE ${shadow}.projection_partitioning (LIKE public.projection_partitioning INCLUDING ALL)`,
  );
  await db.query(
    `INSERT INTO ${shadow}.projection_partitioning (name, partitions) VALUES ($1, $2)`,
    [name, partitions],
  );
}

/** Inside a rebuild's swap: the live count becomes the one the shadow was built with. */
export async function setPartitions(
  db: Queryable,
  name: string,
  partitions: number,
): Promise<void> {
  await db.query(
    `INSERT INTO public.projection_partitioning (name, partitions) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET partitions = EXCLUDED.partitions`,
    [name, partitions],
  );
}
