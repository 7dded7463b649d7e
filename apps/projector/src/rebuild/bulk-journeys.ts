import { Pool } from 'pg';
import { deserialize, FeedbackGiven, JourneyDefined } from '@journey/events';
import {
  EventStore,
  formatPosition,
  inTransaction,
  Position,
  RecordedEvent,
  START,
} from '@journey/event-store';
import {
  contributionsOf,
  diffContributions,
  emptyContributions,
  rulesFromDefinition,
  segmentInstances,
  TouchpointFact,
} from '@journey/domain';
import { pairKey, replaceInstances } from '../journeys/journey-facts';
import { arrived, ArrivedTouchpoint, saveFeedback, writeFacts } from '../journeys/journey-writes';
import { MapDelta } from '../journeys/map-writes';

const PAGE = 5000;

type Fact = ArrivedTouchpoint;

/**
 * A rebuild's first pass for the journeys projection: every event up to the store's head is read
 * once and folded in memory (facts, first links, last definitions, watermark), then each
 * customer's instances and map contributions are computed with the same pure functions as the
 * live projection and written in bulk. Nothing is served from these tables before the swap, so the
 * per-batch bookkeeping of the live path is not needed; the runner then catches up the tail.
 */
export async function bulkLoadJourneys(
  store: EventStore,
  pool: Pool,
  prefixes: readonly string[],
  name: string,
) {
  const facts: Fact[] = [];
  const links = new Map<string, { customerId: string; at: string }>();
  const definitions = new Map<
    string,
    { data: JourneyDefined['data']; version: number; at: Date }
  >();
  const feedback = new Map<string, FeedbackGiven>();
  let position: Position = START;
  let processed = 0;
  // Folding a page overlaps with reading the next one.
  let next = store.readAll({ fromPosition: position, maxCount: PAGE, streamPrefix: prefixes });
  for (;;) {
    const page = await next;
    if (page.length === PAGE) {
      next = store.readAll({
        fromPosition: page[page.length - 1].position,
        maxCount: PAGE,
        streamPrefix: prefixes,
      });
    }
    for (const recorded of page) fold(recorded, facts, links, definitions, feedback);
    processed += page.length;
    if (page.length > 0) position = page[page.length - 1].position;
    if (page.length < PAGE) break;
  }
  await inTransaction(pool, async (tx) => {
    const byPair = new Map<string, TouchpointFact[]>();
    const rows = facts.map((f) => {
      const customer =
        f.data.customerId ?? links.get(f.data.anonymousId!)?.customerId ?? f.data.anonymousId!;
      const fact: TouchpointFact = {
        touchpointId: f.data.touchpointId,
        customerId: customer,
        journey: f.data.journey,
        step: f.data.step,
        stage: f.data.stage,
        channel: f.data.channel,
        outcome: f.data.outcome,
        occurredAt: Date.parse(f.data.occurredAt),
        journeyInstanceId: f.data.journeyInstanceId,
        arrival: f.arrival,
      };
      const key = pairKey(customer, f.data.journey);
      (byPair.get(key) ?? byPair.set(key, []).get(key)!).push(fact);
      return { f, customer };
    });
    for (let i = 0; i < rows.length; i += 10_000) {
      const chunk = rows.slice(i, i + 10_000);
      await writeFacts(
        tx,
        chunk.map(({ f, customer }) => ({ touchpoint: f, customer })),
      );
    }
    for (const [journey, d] of definitions) {
      await tx.query(
        'INSERT INTO rm_journey_definitions (journey, definition, version, defined_at) VALUES ($1, $2, $3, $4)',
        [journey, JSON.stringify(d.data), d.version, d.at],
      );
    }
    for (const [anonymousId, link] of links) {
      await tx.query(
        'INSERT INTO rm_identity_links (anonymous_id, customer_id, linked_at) VALUES ($1, $2, $3)',
        [anonymousId, link.customerId, link.at],
      );
    }
    await saveFeedback(tx, [...feedback.values()]);
    // A loop, not Math.max(...): a million arguments overflow the stack.
    let watermark = -Infinity;
    for (const f of facts) watermark = Math.max(watermark, Date.parse(f.data.occurredAt));
    const map = new MapDelta();
    let batch: {
      pairs: { customerId: string; journey: string }[];
      instances: ReturnType<typeof segmentInstances>;
    } = { pairs: [], instances: [] };
    for (const [key, list] of byPair) {
      const [customerId, journey] = key.split('\u0001');
      const rules = rulesFromDefinition(definitions.get(journey)?.data ?? null, journey);
      const instances = segmentInstances(list, rules, watermark);
      map.add(journey, diffContributions(emptyContributions(), contributionsOf(instances, rules)));
      batch.pairs.push({ customerId, journey });
      batch.instances.push(...instances);
      if (batch.pairs.length >= 5000) {
        await replaceInstances(tx, batch.pairs, batch.instances);
        batch = { pairs: [], instances: [] };
      }
    }
    if (batch.pairs.length > 0) await replaceInstances(tx, batch.pairs, batch.instances);
    await map.write(tx);
    await tx.query(
      `INSERT INTO projection_checkpoints (name, position, events_processed, watermark) VALUES ($1, $2, $3, $4)`,
      [
        name,
        formatPosition(position),
        processed,
        Number.isFinite(watermark) ? new Date(watermark) : null,
      ],
    );
  });
  return { position, processed };
}

function fold(
  recorded: RecordedEvent,
  facts: Fact[],
  links: Map<string, { customerId: string; at: string }>,
  definitions: Map<string, { data: JourneyDefined['data']; version: number; at: Date }>,
  feedback: Map<string, FeedbackGiven>,
): void {
  const event = deserialize(recorded)?.event;
  if (!event) return;
  switch (event.type) {
    case 'TouchpointRecorded':
      facts.push(arrived(event, recorded));
      return;
    case 'CustomerIdentified':
      // The first link of an anonymous id wins, as in the live projection.
      if (!links.has(event.data.anonymousId)) {
        links.set(event.data.anonymousId, {
          customerId: event.data.customerId,
          at: event.data.occurredAt,
        });
      }
      return;
    case 'FeedbackGiven': {
      const key = `${event.data.customerId}\u0001${event.data.feedbackId}`;
      if (!feedback.has(key)) feedback.set(key, event);
      return;
    }
    case 'JourneyDefined': {
      const version = Number(recorded.revision) + 1;
      const current = definitions.get(event.data.journey);
      if (!current || current.version < version)
        definitions.set(event.data.journey, { data: event.data, version, at: recorded.recordedAt });
      return;
    }
    default: {
      const _: never = event;
      return _;
    }
  }
}
