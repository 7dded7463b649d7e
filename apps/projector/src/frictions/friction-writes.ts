import { PoolClient } from 'pg';
import { CustomerFeedback, FrictionOccurrence } from '@journey/domain';
import { frictionOccurrenceJson } from '@journey/read-models';
import { Affected } from '../journeys/journey-facts';
import { occurrenceCodec, occurrenceValues } from '../codecs/occurrence.codec';
import { jsonInsertSql, jsonRows } from '../codecs/row-codec';
import { countFrictions } from '../metrics/projector-metrics';

/** Every customer's stored feedback, for attaching it to instances. */
export async function loadCustomerFeedback(
  tx: PoolClient,
  customerIds: readonly string[],
): Promise<Map<string, CustomerFeedback[]>> {
  const out = new Map<string, CustomerFeedback[]>();
  if (customerIds.length === 0) return out;
  const { rows } = await tx.query<{
    customer_id: string;
    feedback_id: string;
    journey: string | null;
    touchpoint_id: string | null;
    kind: CustomerFeedback['kind'];
    score: number;
    occurred_ms: number;
  }>(
    `SELECT customer_id, feedback_id, journey, touchpoint_id, kind, score,
            (extract(epoch FROM occurred_at) * 1000)::float8 AS occurred_ms
       FROM rm_feedback WHERE customer_id = ANY($1::text[])`,
    [[...new Set(customerIds)]],
  );
  for (const r of rows) {
    const f: CustomerFeedback = {
      feedbackId: r.feedback_id,
      journey: r.journey,
      touchpointId: r.touchpoint_id,
      kind: r.kind,
      score: r.score,
      occurredAt: r.occurred_ms,
    };
    const list = out.get(r.customer_id);
    if (list) list.push(f);
    else out.set(r.customer_id, [f]);
  }
  return out;
}

/** The (customer, journey) pairs feedback is about: its journey, or its touchpoint's journey. */
export async function pairsOfFeedback(
  tx: PoolClient,
  feedback: readonly { customerId: string; journey: string | null; touchpointId: string | null }[],
): Promise<Affected[]> {
  const out: Affected[] = feedback
    .filter((f) => f.journey !== null)
    .map((f) => ({ customerId: f.customerId, journey: f.journey! }));
  const byTouchpoint = feedback.filter((f) => f.journey === null && f.touchpointId !== null);
  if (byTouchpoint.length > 0) {
    const { rows } = await tx.query<{ customer_id: string; journey: string }>(
      `SELECT DISTINCT t.customer_id, t.journey FROM rm_touchpoints t
         JOIN unnest($1::text[], $2::text[]) AS f(customer_id, touchpoint_id)
           ON t.customer_id = f.customer_id AND t.touchpoint_id = f.touchpoint_id`,
      [byTouchpoint.map((f) => f.customerId), byTouchpoint.map((f) => f.touchpointId)],
    );
    rows.forEach((r) => out.push({ customerId: r.customer_id, journey: r.journey }));
  }
  return out;
}

/**
 * Replaces the stored occurrences of the given pairs; returns those that were not stored before
 * (what the feed announces).
 */
export async function replaceOccurrences(
  tx: PoolClient,
  pairs: readonly Affected[],
  occurrences: readonly FrictionOccurrence[],
): Promise<FrictionOccurrence[]> {
  const { rows } = await tx.query<{ id: string }>(
    `DELETE FROM rm_friction_occurrences o USING unnest($1::text[], $2::text[]) AS p(customer_id, journey)
      WHERE o.customer_id = p.customer_id AND o.journey = p.journey RETURNING o.id`,
    [pairs.map((p) => p.customerId), pairs.map((p) => p.journey)],
  );
  await insertOccurrences(tx, occurrences);
  const before = new Set(rows.map((r) => r.id));
  return occurrences.filter((o) => !before.has(o.id));
}

const INSERT_OCCURRENCES = jsonInsertSql(occurrenceCodec, {
  tail: 'ON CONFLICT DO NOTHING RETURNING id',
});

/** Stores occurrences; one already stored is kept as it is. Returns those stored now. */
export async function insertOccurrences(
  tx: PoolClient,
  occurrences: readonly FrictionOccurrence[],
): Promise<FrictionOccurrence[]> {
  if (occurrences.length === 0) return [];
  const { rows } = await tx.query<{ id: string }>(INSERT_OCCURRENCES, [
    jsonRows(occurrenceCodec, occurrences.map(occurrenceValues)),
  ]);
  const stored = new Set(rows.map((r) => r.id));
  return occurrences.filter((o) => stored.has(o.id));
}

/** Announces new occurrences; an id announced before (then removed, now back) is not repeated. */
export async function appendToFeed(
  tx: PoolClient,
  occurrences: readonly FrictionOccurrence[],
): Promise<void> {
  if (occurrences.length === 0) return;
  // Counted as announced: a batch that then fails and is retried counts them again (rare).
  countFrictions(occurrences);
  await tx.query(
    `INSERT INTO friction_feed (occurrence_id, journey, type, customer_id, payload)
     SELECT (p->>'id')::uuid, p->>'journey', p->>'type', p->>'customerId', p
       FROM jsonb_array_elements($1::jsonb) AS p
     ON CONFLICT (occurrence_id) DO NOTHING`,
    [JSON.stringify(occurrences.map(frictionOccurrenceJson))],
  );
}
