import { PoolClient } from 'pg';
import { CustomerIdentified, FeedbackGiven, TouchpointRecorded } from '@journey/events';
import { RecordedEvent } from '@journey/event-store';
import { IdentityLink, IdentityLinks, touchpointOwner } from '@journey/domain';
import { Affected } from './journey-facts';
import { arrived, StoredFacts, writeFacts } from './fact-writes';

/**
 * Stores the links of ids not linked before; returns the ids stored. The first link of an
 * anonymous id wins (IdentityLinks): callers pass one link per id, and against the links already
 * stored the table's key on the anonymous id decides (ON CONFLICT DO NOTHING). Live and rebuild.
 */
export async function insertLinks(
  tx: PoolClient,
  links: readonly (readonly [anonymousId: string, link: IdentityLink])[],
): Promise<Set<string>> {
  const { rows } = await tx.query<{ anonymous_id: string }>(
    `INSERT INTO rm_identity_links (anonymous_id, customer_id, linked_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
     ON CONFLICT (anonymous_id) DO NOTHING RETURNING anonymous_id`,
    [links.map(([a]) => a), links.map(([, l]) => l.customerId), links.map(([, l]) => l.linkedAt)],
  );
  return new Set(rows.map((r) => r.anonymous_id));
}

/** A pair a link changed: the anonymous id's pairs lose their facts, the customer's gain them. */
export interface LinkedPair extends Affected {
  readonly owner: 'anonymous' | 'customer';
}

/**
 * Records links and moves each newly linked id's own facts (those it owned, not touchpoints that
 * named another customer) to the customer.
 */
export async function linkIdentities(
  tx: PoolClient,
  links: readonly CustomerIdentified[],
): Promise<LinkedPair[]> {
  if (links.length === 0) return [];
  const firstInBatch = new IdentityLinks();
  for (const { data } of links) firstInBatch.link(data);
  const stored = await insertLinks(tx, [...firstInBatch.entries()]);
  const affected: LinkedPair[] = [];
  for (const [anonymousId, { customerId }] of firstInBatch.entries()) {
    if (!stored.has(anonymousId)) continue;
    const { rows } = await tx.query<{ journey: string }>(
      `UPDATE rm_touchpoints SET customer_id = $2
        WHERE anonymous_id = $1 AND customer_id = anonymous_id AND customer_id <> $2 RETURNING journey`,
      [anonymousId, customerId],
    );
    for (const journey of new Set(rows.map((r) => r.journey))) {
      affected.push(
        { customerId: anonymousId, journey, owner: 'anonymous' },
        { customerId, journey, owner: 'customer' },
      );
    }
  }
  return affected;
}

/** Stores touchpoints as facts of their customer (an anonymous id resolves through its link). */
export async function insertFacts(
  tx: PoolClient,
  touchpoints: readonly { event: TouchpointRecorded; recorded: RecordedEvent }[],
): Promise<StoredFacts> {
  if (touchpoints.length === 0) return { facts: [], streams: [] };
  const anonymous = [
    ...new Set(
      touchpoints.map((t) => t.event.data.anonymousId).filter((a): a is string => a !== null),
    ),
  ];
  const links = new Map<string, string>();
  if (anonymous.length > 0) {
    const { rows } = await tx.query<{ anonymous_id: string; customer_id: string }>(
      'SELECT anonymous_id, customer_id FROM rm_identity_links WHERE anonymous_id = ANY($1::text[])',
      [anonymous],
    );
    rows.forEach((r) => links.set(r.anonymous_id, r.customer_id));
  }
  return writeFacts(
    tx,
    touchpoints.map(({ event, recorded }) => ({
      touchpoint: arrived(event, recorded),
      customer: touchpointOwner(
        event.data,
        event.data.anonymousId === null ? undefined : links.get(event.data.anonymousId),
      ),
    })),
  );
}

export async function saveFeedback(
  tx: PoolClient,
  feedback: readonly FeedbackGiven[],
): Promise<void> {
  if (feedback.length === 0) return;
  await tx.query(
    `INSERT INTO rm_feedback (customer_id, feedback_id, journey, touchpoint_id, channel, kind, score, comment, occurred_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[],
                          $9::timestamptz[])
     ON CONFLICT DO NOTHING`,
    [
      feedback.map((f) => f.data.customerId),
      feedback.map((f) => f.data.feedbackId),
      feedback.map((f) => f.data.journey),
      feedback.map((f) => f.data.touchpointId),
      feedback.map((f) => f.data.channel),
      feedback.map((f) => f.data.kind),
      feedback.map((f) => f.data.score),
      feedback.map((f) => f.data.comment),
      feedback.map((f) => f.data.occurredAt),
    ],
  );
}
