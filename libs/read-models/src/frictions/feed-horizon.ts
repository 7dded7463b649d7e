import { Pool, PoolClient } from 'pg';

/**
 * Which feed rows are final: no row with a smaller `seq` can still appear. `seq` comes from a
 * sequence, so a transaction can take seq 10, another take 11 and commit first: a reader that
 * moved its cursor past 11 would skip 10 for ever. A transaction holds its write lock on
 * friction_feed from before it takes a seq until it ends, so once every transaction that held one
 * when the highest visible seq was read has ended, every row up to that seq is committed or gone.
 * (This relies on the sequence's default CACHE 1: seqs are handed out in time order.)
 */
export class FeedHorizon {
  /** Every feed row up to here is final. */
  private finalSeq = 0n;
  /** The highest seq seen while others were writing, and the transactions that were. */
  private waiting: { readonly upTo: bigint; readonly writers: readonly string[] } | null = null;

  async final(tx: Pool | PoolClient): Promise<bigint> {
    if (this.waiting && !(await anyStillWriting(tx, this.waiting.writers))) {
      this.raise(this.waiting.upTo);
      this.waiting = null;
    }
    if (!this.waiting) {
      // The order matters: the highest seq first, then who is writing.
      const top = await highestSeq(tx);
      const writers = await feedWriters(tx);
      if (writers.length === 0) this.raise(top);
      else if (top > this.finalSeq) this.waiting = { upTo: top, writers };
    }
    return this.finalSeq;
  }

  private raise(seq: bigint): void {
    if (seq > this.finalSeq) this.finalSeq = seq;
  }
}

async function highestSeq(tx: Pool | PoolClient): Promise<bigint> {
  const { rows } = await tx.query<{ seq: string }>(
    'SELECT coalesce(max(seq), 0)::text AS seq FROM friction_feed',
  );
  return BigInt(rows[0].seq);
}

/** Other transactions holding a lock on friction_feed that allows writing (by virtual id). */
async function feedWriters(tx: Pool | PoolClient): Promise<string[]> {
  const { rows } = await tx.query<{ vxid: string }>(
    `SELECT DISTINCT virtualtransaction AS vxid FROM pg_locks
      WHERE locktype = 'relation' AND relation = 'friction_feed'::regclass
        AND mode NOT IN ('AccessShareLock', 'RowShareLock')
        AND pid IS DISTINCT FROM pg_backend_pid()`,
  );
  return rows.map((r) => r.vxid);
}

async function anyStillWriting(
  tx: Pool | PoolClient,
  writers: readonly string[],
): Promise<boolean> {
  const { rows } = await tx.query(
    `SELECT 1 FROM pg_locks
      WHERE locktype = 'relation' AND relation = 'friction_feed'::regclass
        AND virtualtransaction = ANY ($1::text[]) LIMIT 1`,
    [writers],
  );
  return rows.length > 0;
}
