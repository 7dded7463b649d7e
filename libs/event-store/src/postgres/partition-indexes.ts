import { Pool, PoolClient } from 'pg';

/** Serialises the builds of partition indexes across processes (session-level, see below). */
export const PARTITION_INDEX_LOCK_KEY = 7_414_221_003;
/** How often a process polls while another one builds the index. */
const WAIT_MS = 100;

export const partitionIndexName = (count: number): string => `es_events_partition_${count}`;

type IndexState = 'valid' | 'invalid' | 'missing';

/**
 * The index a read of `count` partitions walks (es_read_partition, schema.ts), built the first time
 * a store reads with that count and then remembered.
 *
 * Built CONCURRENTLY. A plain CREATE INDEX takes a SHARE lock, so every append waits for the whole
 * build (2.7 s for 2.2 million events on a 2-core host), and it holds a transaction id as long,
 * which stops the horizon (tx_id < xmin) of every subscription, partitioned or not. CONCURRENTLY
 * blocks neither, but builds slower and waits for the transactions older than it (a long one in the
 * database delays the first partitioned read; one that appended and waits for this read would never
 * end). It cannot run in a transaction, so no pg_advisory_xact_lock: a session lock on a connection
 * of its own, taken with pg_try_advisory_lock; the others poll rather than wait in
 * pg_advisory_lock, whose snapshot the build would wait for (a deadlock). A build that died leaves
 * an INVALID index that IF NOT EXISTS would keep: the lock holder drops it and builds again.
 */
export class PartitionIndexes {
  private readonly ready = new Set<number>();
  private readonly pending = new Map<number, Promise<void>>();

  constructor(private readonly pool: Pool) {}

  /** Resolves once the index for `count` (an integer 2..1024, validated) is valid. */
  ensure(count: number): Promise<void> {
    if (this.ready.has(count)) return Promise.resolve();
    let pending = this.pending.get(count);
    if (!pending) {
      pending = this.build(count)
        .then(() => void this.ready.add(count))
        .finally(() => this.pending.delete(count));
      this.pending.set(count, pending);
    }
    return pending;
  }

  private async build(count: number): Promise<void> {
    const name = partitionIndexName(count);
    while ((await indexState(this.pool, name)) !== 'valid') {
      const client = await this.pool.connect();
      let failure: Error | undefined;
      try {
        if (await this.buildIfFree(client, count)) return;
      } catch (err) {
        failure = err as Error;
        throw err;
      } finally {
        // A failed connection is dropped: with it goes its session lock, if still held.
        client.release(failure);
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
    }
  }

  /** Builds the index unless another process holds the lock (then false: poll again). */
  private async buildIfFree(client: PoolClient, count: number): Promise<boolean> {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1) AS locked',
      [PARTITION_INDEX_LOCK_KEY],
    );
    if (!rows[0].locked) return false;
    const name = partitionIndexName(count);
    const state = await indexState(client, name);
    if (state === 'invalid') await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
    if (state !== 'valid') {
      await client.query(
        `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name}
           ON es_events ((partition_hash % ${count}), tx_id, seq)`,
      );
    }
    await client.query('SELECT pg_advisory_unlock($1)', [PARTITION_INDEX_LOCK_KEY]);
    return true;
  }
}

async function indexState(client: Pool | PoolClient, name: string): Promise<IndexState> {
  const { rows } = await client.query<{ valid: boolean }>(
    `SELECT i.indisvalid AND i.indisready AS valid FROM pg_index i
      WHERE i.indexrelid = to_regclass($1)`,
    [name],
  );
  if (rows.length === 0) return 'missing';
  return rows[0].valid ? 'valid' : 'invalid';
}
