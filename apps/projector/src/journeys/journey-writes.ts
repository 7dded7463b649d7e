import { PoolClient } from 'pg';
import {
  CustomerIdentified,
  FeedbackGiven,
  JourneyDefined,
  TouchpointRecorded,
} from '@journey/events';
import { RecordedEvent } from '@journey/event-store';
import {
  arrivalKey,
  definitionVersion,
  FirstCopies,
  IdentityLinks,
  offerDefinition,
  TouchpointFact,
  touchpointCopyKey,
  touchpointOwner,
} from '@journey/domain';
import { Affected } from './journey-facts';
import { touchpointCodec, touchpointValues } from '../codecs/touchpoint.codec';
import { jsonInsertSql, jsonRows } from '../codecs/row-codec';

/** Sortable arrival order: the global position, zero-padded (the replay's too). */
export const arrivalOf = (e: RecordedEvent) => arrivalKey(e.position.commit, e.position.prepare);

/**
 * Records links and moves each newly linked id's facts to the customer. The first link of an
 * anonymous id wins (IdentityLinks): within the batch here, against earlier batches by the table's
 * key on the anonymous id (ON CONFLICT DO NOTHING).
 */
export async function linkIdentities(
  tx: PoolClient,
  links: readonly CustomerIdentified[],
): Promise<Affected[]> {
  const affected: Affected[] = [];
  const firstInBatch = new IdentityLinks();
  for (const { data } of links) {
    if (!firstInBatch.link(data)) continue;
    const { rowCount } = await tx.query(
      `INSERT INTO rm_identity_links (anonymous_id, customer_id, linked_at) VALUES ($1, $2, $3)
       ON CONFLICT (anonymous_id) DO NOTHING`,
      [data.anonymousId, data.customerId, data.occurredAt],
    );
    if (!rowCount) continue;
    const { rows } = await tx.query<{ journey: string }>(
      `UPDATE rm_touchpoints SET customer_id = $2 WHERE anonymous_id = $1 AND customer_id <> $2 RETURNING journey`,
      [data.anonymousId, data.customerId],
    );
    for (const journey of new Set(rows.map((r) => r.journey))) {
      affected.push(
        { customerId: data.anonymousId, journey },
        { customerId: data.customerId, journey },
      );
    }
  }
  return affected;
}

/** A touchpoint as it arrived: its stream and its arrival order. */
export interface ArrivedTouchpoint {
  readonly stream: string;
  readonly data: TouchpointRecorded['data'];
  readonly arrival: string;
}

export function arrived(event: TouchpointRecorded, recorded: RecordedEvent): ArrivedTouchpoint {
  return { stream: recorded.stream, data: event.data, arrival: arrivalOf(recorded) };
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

const INSERT_FACTS = jsonInsertSql(touchpointCodec, {
  tail: `ON CONFLICT DO NOTHING
RETURNING source_stream AS ss, touchpoint_id AS tp, (extract(epoch FROM occurred_at) * 1000)::float8 AS occurred_ms`,
});

/**
 * Inserts facts, the first copy of each touchpoint only (FirstCopies within the batch; against
 * earlier batches the table's key, touchpointCopyKey's columns, with ON CONFLICT DO NOTHING);
 * returns those stored, as the journey logic reads them back (occurredAt as PostgreSQL holds it).
 */
export async function writeFacts(
  tx: PoolClient,
  all: readonly { touchpoint: ArrivedTouchpoint; customer: string }[],
): Promise<TouchpointFact[]> {
  const copies = new FirstCopies();
  const rows = all.filter((r) => copies.admit(r.touchpoint.stream, r.touchpoint.data.touchpointId));
  // One JSON document rather than arrays of strings: the driver's array escaping is slow.
  const { rows: inserted } = await tx.query<{ ss: string; tp: string; occurred_ms: number }>(
    INSERT_FACTS,
    [
      jsonRows(
        touchpointCodec,
        rows.map(({ touchpoint: t, customer }) =>
          touchpointValues(t.stream, t.data, customer, t.arrival),
        ),
      ),
    ],
  );
  const byKey = new Map(
    rows.map((r) => [touchpointCopyKey(r.touchpoint.stream, r.touchpoint.data.touchpointId), r]),
  );
  return inserted.map((i) => {
    const { touchpoint: t, customer } = byKey.get(touchpointCopyKey(i.ss, i.tp))!;
    return {
      touchpointId: t.data.touchpointId,
      customerId: customer,
      journey: t.data.journey,
      step: t.data.step,
      stage: t.data.stage,
      channel: t.data.channel,
      outcome: t.data.outcome,
      occurredAt: i.occurred_ms,
      journeyInstanceId: t.data.journeyInstanceId,
      arrival: t.arrival,
    };
  });
}

/**
 * The current definition of each journey; every customer of a redefined journey is recomputed.
 * The highest version applies (supersedes): within the batch here, against the stored one by the
 * upsert's `WHERE stored.version < EXCLUDED.version`, versions from definitionVersion.
 */
export async function saveDefinitions(
  tx: PoolClient,
  definitions: readonly { event: JourneyDefined; recorded: RecordedEvent }[],
): Promise<Affected[]> {
  const affected: Affected[] = [];
  const highest = new Map<string, { event: JourneyDefined; version: number; at: Date }>();
  for (const { event, recorded } of definitions) {
    offerDefinition(highest, event.data.journey, {
      event,
      version: definitionVersion(recorded.revision),
      at: recorded.recordedAt,
    });
  }
  for (const { event, version, at } of highest.values()) {
    const { rowCount } = await tx.query(
      `INSERT INTO rm_journey_definitions (journey, definition, version, defined_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (journey) DO UPDATE SET definition = EXCLUDED.definition, version = EXCLUDED.version,
         defined_at = EXCLUDED.defined_at WHERE rm_journey_definitions.version < EXCLUDED.version`,
      [event.data.journey, JSON.stringify(event.data), version, at],
    );
    if (!rowCount) continue;
    const { rows } = await tx.query<{ customer_id: string }>(
      'SELECT DISTINCT customer_id FROM rm_touchpoints WHERE journey = $1',
      [event.data.journey],
    );
    rows.forEach((r) => affected.push({ customerId: r.customer_id, journey: event.data.journey }));
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
