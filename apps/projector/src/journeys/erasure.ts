import { PoolClient } from 'pg';
import { ERASED, FeedbackGiven } from '@journey/events';

/**
 * Right to be forgotten in the read models. Of the personal fields (feedback comments, touchpoint
 * agentIds and personal attributes) comments reach rm_feedback.comment, agentIds and attributes
 * rm_touchpoints (for the journey export), each as the ciphertext the event holds: the API decrypts
 * on read, and a destroyed key leaves them unreadable. Comments are also overwritten:
 * CustomerErased replaces the comments given before it with "[erased]"; feedback recorded after it
 * keeps its own.
 */
export function withoutPersonalData(f: FeedbackGiven): FeedbackGiven {
  return f.data.comment === null ? f : { ...f, data: { ...f.data, comment: ERASED } };
}

/** Erases the stored comments of these customers (feedback of earlier batches). */
export async function eraseStoredFeedback(
  tx: PoolClient,
  customerIds: readonly string[],
): Promise<void> {
  if (customerIds.length === 0) return;
  await tx.query(
    `UPDATE rm_feedback SET comment = $2
      WHERE customer_id = ANY($1::text[]) AND comment IS NOT NULL AND comment <> $2`,
    [customerIds, ERASED],
  );
}
