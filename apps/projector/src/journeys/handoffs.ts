import { PoolClient } from 'pg';
import { Affected, pairKey } from './journey-facts';

/**
 * Pairs this partition changed the facts of but does not own (an anonymous id's facts moved to
 * its customer, or its touchpoints after the link), for the owning partition to recompute. Written
 * in the batch's transaction: the owner sees the hand-off exactly when it sees the facts.
 */
export class Handoffs {
  private readonly rows: { partition: number; pair: Affected }[] = [];

  add(partition: number, pair: Affected): void {
    this.rows.push({ partition, pair });
  }

  get size(): number {
    return this.rows.length;
  }

  async write(tx: PoolClient): Promise<void> {
    if (this.rows.length === 0) return;
    await tx.query(
      `INSERT INTO rm_pair_handoffs (partition, customer_id, journey)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[])`,
      [
        this.rows.map((r) => r.partition),
        this.rows.map((r) => r.pair.customerId),
        this.rows.map((r) => r.pair.journey),
      ],
    );
  }
}

/**
 * The pairs handed to this partition (committed ones: a hand-off committed later is taken by a
 * later batch), removed as the batch takes them; the batch recomputes them from all their facts.
 */
export async function takeHandoffs(tx: PoolClient, partition: number): Promise<Affected[]> {
  const { rows } = await tx.query<{ customer_id: string; journey: string }>(
    'DELETE FROM rm_pair_handoffs WHERE partition = $1 RETURNING customer_id, journey',
    [partition],
  );
  const unique = new Map<string, Affected>();
  for (const r of rows)
    unique.set(pairKey(r.customer_id, r.journey), {
      customerId: r.customer_id,
      journey: r.journey,
    });
  return [...unique.values()];
}
