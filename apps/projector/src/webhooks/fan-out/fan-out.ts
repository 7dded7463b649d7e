import { Pool } from 'pg';
import { Clock } from '@journey/event-store';
import { inTransaction } from '@journey/postgres';
import { FeedHorizon } from '@journey/read-models';

const BATCH = 1000;

/**
 * Turns friction feed rows into one pending delivery per webhook subscribed (when the row is
 * fanned out) to its type and journey. The cursor moves in the same transaction as the deliveries
 * it covers; the cursor row is locked with SKIP LOCKED, so of several workers one fans out at a
 * time and the others move on to delivering.
 */
export class FeedFanOut {
  private readonly horizon = new FeedHorizon();

  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
  ) {}

  /** One batch; true when more final rows are waiting. */
  async runBatch(): Promise<boolean> {
    // Checked first without a transaction: locking the cursor takes a transaction id, and while
    // the feed is quiet that would be one every poll for nothing.
    const { rows: behind } = await this.pool.query<{ behind: boolean }>(
      `SELECT coalesce((SELECT max(seq) FROM friction_feed), 0) >
              (SELECT seq FROM webhook_fanout_cursor WHERE id = 1) AS behind`,
    );
    if (!behind[0]?.behind) return false;
    return inTransaction(this.pool, async (tx) => {
      const cursor = await tx.query<{ seq: string }>(
        'SELECT seq::text AS seq FROM webhook_fanout_cursor WHERE id = 1 FOR UPDATE SKIP LOCKED',
      );
      if (cursor.rows.length === 0) return false;
      const from = BigInt(cursor.rows[0].seq);
      const final = await this.horizon.final(tx);
      if (final <= from) return false;
      const now = this.clock.now();
      const { rows } = await tx.query<{ last: string | null; n: number }>(
        `WITH feed AS (
           SELECT seq, occurrence_id, type, journey FROM friction_feed
            WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3),
         made AS (
           INSERT INTO webhook_deliveries
             (id, webhook_id, feed_seq, occurrence_id, status, created_at, next_attempt_at)
           SELECT gen_random_uuid(), w.id, f.seq, f.occurrence_id, 'pending', $4, $4
             FROM feed f JOIN webhooks w
               ON (cardinality(w.types) = 0 OR f.type = ANY (w.types))
              AND (cardinality(w.journeys) = 0 OR f.journey = ANY (w.journeys))
           ON CONFLICT (webhook_id, feed_seq) DO NOTHING)
         SELECT max(seq)::text AS last, count(*)::int AS n FROM feed`,
        [from.toString(), final.toString(), BATCH, now],
      );
      const to = rows[0].n < BATCH ? final : BigInt(rows[0].last!);
      await tx.query('UPDATE webhook_fanout_cursor SET seq = $1, updated_at = $2 WHERE id = 1', [
        to.toString(),
        now,
      ]);
      return to < final;
    });
  }
}
