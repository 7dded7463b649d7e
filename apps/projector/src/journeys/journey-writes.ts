import { PoolClient } from 'pg';
import {
  CustomerIdentified,
  FeedbackGiven,
  JourneyDefined,
  TouchpointRecorded,
} from '@journey/events';
import { RecordedEvent } from '@journey/event-store';
import {
  definitionVersion,
  IdentityLink,
  IdentityLinks,
  offerDefinition,
  TouchpointFact,
  touchpointOwner,
} from '@journey/domain';
import { Affected } from './journey-facts';
import { arrived, writeFacts } from './fact-writes';

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

/** Records links and moves each newly linked id's facts to the customer. */
export async function linkIdentities(
  tx: PoolClient,
  links: readonly CustomerIdentified[],
): Promise<Affected[]> {
  if (links.length === 0) return [];
  const firstInBatch = new IdentityLinks();
  for (const { data } of links) firstInBatch.link(data);
  const stored = await insertLinks(tx, [...firstInBatch.entries()]);
  const affected: Affected[] = [];
  for (const [anonymousId, { customerId }] of firstInBatch.entries()) {
    if (!stored.has(anonymousId)) continue;
    const { rows } = await tx.query<{ journey: string }>(
      `UPDATE rm_touchpoints SET customer_id = $2 WHERE anonymous_id = $1 AND customer_id <> $2 RETURNING journey`,
      [anonymousId, customerId],
    );
    for (const journey of new Set(rows.map((r) => r.journey))) {
      affected.push({ customerId: anonymousId, journey }, { customerId, journey });
    }
  }
  return affected;
}

/** Stores touchpoints as facts of their customer (an anonymous id resolves through its link). */
export async function insertFacts(
  tx: PoolClient,
  touchpoints: readonly { event: TouchpointRecorded; recorded: RecordedEvent }[],
): Promise<TouchpointFact[]> {
  if (touchpoints.length === 0) return [];
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

/** A journey's definition as rm_journey_definitions keeps it. */
export interface StoredDefinition {
  readonly data: JourneyDefined['data'];
  readonly version: number;
  readonly at: Date;
}

/**
 * Stores a journey's definition unless the stored one is as high; true if stored. The highest
 * version applies: `stored.version < EXCLUDED.version` is supersedes() in SQL. Live and rebuild.
 */
export async function upsertDefinition(tx: PoolClient, d: StoredDefinition): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO rm_journey_definitions (journey, definition, version, defined_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (journey) DO UPDATE SET definition = EXCLUDED.definition, version = EXCLUDED.version,
       defined_at = EXCLUDED.defined_at WHERE rm_journey_definitions.version < EXCLUDED.version`,
    [d.data.journey, JSON.stringify(d.data), d.version, d.at],
  );
  return rowCount === 1;
}

/** The current definition of each journey; every customer of a redefined journey is recomputed. */
export async function saveDefinitions(
  tx: PoolClient,
  definitions: readonly { event: JourneyDefined; recorded: RecordedEvent }[],
): Promise<Affected[]> {
  const affected: Affected[] = [];
  const highest = new Map<string, StoredDefinition>();
  for (const { event, recorded } of definitions) {
    offerDefinition(highest, event.data.journey, {
      data: event.data,
      version: definitionVersion(recorded.revision),
      at: recorded.recordedAt,
    });
  }
  for (const [journey, d] of highest) {
    if (!(await upsertDefinition(tx, d))) continue;
    const { rows } = await tx.query<{ customer_id: string }>(
      'SELECT DISTINCT customer_id FROM rm_touchpoints WHERE journey = $1',
      [journey],
    );
    rows.forEach((r) => affected.push({ customerId: r.customer_id, journey }));
  }
  return affected;
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
