import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

/** A due delivery leased to this worker, with what it takes to send it. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly webhookId: string;
  readonly url: string;
  readonly secret: string;
  readonly occurrenceId: string;
  /** The feed row's payload: the occurrence as FrictionOccurrenceJson. */
  readonly occurrence: unknown;
  readonly createdAt: Date;
  /** Attempts before this one (all failed). */
  readonly attempts: number;
  readonly firstAttemptAt: Date | null;
  readonly leaseToken: string;
}

interface Row {
  id: string;
  webhook_id: string;
  url: string;
  secret: string;
  occurrence_id: string;
  payload: unknown;
  created_at: Date;
  attempts: number;
  first_attempt_at: Date | null;
}

/**
 * Leases up to `limit` due deliveries until `leaseUntil`, in one short statement: rows another
 * worker is claiming are skipped (SKIP LOCKED), rows it holds a lease on are not due. The HTTP
 * request then runs outside any transaction (an open transaction would hold the event store's
 * readers back); the lease outlasts the request timeout, so no two workers send one delivery at
 * the same time.
 */
export async function claimDueDeliveries(
  pool: Pool,
  now: Date,
  limit: number,
  leaseUntil: Date,
): Promise<ClaimedDelivery[]> {
  const leaseToken = randomUUID();
  const { rows } = await pool.query<Row>(
    `WITH due AS (
       SELECT id FROM webhook_deliveries
        WHERE status = 'pending' AND next_attempt_at <= $1
          AND (lease_until IS NULL OR lease_until <= $1)
        ORDER BY next_attempt_at LIMIT $2
        FOR UPDATE SKIP LOCKED)
     UPDATE webhook_deliveries d SET lease_until = $3, lease_token = $4
       FROM due, webhooks w, friction_feed f
      WHERE d.id = due.id AND w.id = d.webhook_id AND f.seq = d.feed_seq
     RETURNING d.id, d.webhook_id, w.url, w.secret, d.occurrence_id, f.payload, d.created_at,
               d.attempts, d.first_attempt_at`,
    [now, limit, leaseUntil, leaseToken],
  );
  return rows.map((r) => ({
    id: r.id,
    webhookId: r.webhook_id,
    url: r.url,
    secret: r.secret,
    occurrenceId: r.occurrence_id,
    occurrence: r.payload,
    createdAt: r.created_at,
    attempts: r.attempts,
    firstAttemptAt: r.first_attempt_at,
    leaseToken,
  }));
}
