import { Pool } from 'pg';
import { ClaimedDelivery } from './claim-deliveries';
import { AttemptOutcome } from './send-delivery';

export interface AttemptRecord {
  readonly attemptedAt: Date;
  readonly outcome: AttemptOutcome;
  readonly status: 'pending' | 'delivered' | 'failed';
  /** Null once the delivery is delivered or failed. */
  readonly nextAttemptAt: Date | null;
  readonly finishedAt: Date | null;
}

/**
 * Logs the attempt and moves the delivery on, releasing the lease, in one statement. Nothing is
 * written if the lease is no longer this worker's (its webhook was deleted meanwhile): false.
 */
export async function recordAttempt(
  pool: Pool,
  d: ClaimedDelivery,
  r: AttemptRecord,
): Promise<boolean> {
  const { rowCount } = await pool.query(
    `WITH d AS (
       UPDATE webhook_deliveries
          SET attempts = attempts + 1, status = $3, next_attempt_at = $4, finished_at = $5,
              first_attempt_at = coalesce(first_attempt_at, $6), lease_until = NULL, lease_token = NULL
        WHERE id = $1 AND lease_token = $2
       RETURNING id, attempts)
     INSERT INTO webhook_delivery_attempts
       (delivery_id, attempt, attempted_at, duration_ms, http_status, error)
     SELECT id, attempts, $6, $7, $8, $9 FROM d`,
    [
      d.id,
      d.leaseToken,
      r.status,
      r.nextAttemptAt,
      r.finishedAt,
      r.attemptedAt,
      r.outcome.durationMs,
      r.outcome.httpStatus,
      r.outcome.error,
    ],
  );
  return (rowCount ?? 0) > 0;
}
