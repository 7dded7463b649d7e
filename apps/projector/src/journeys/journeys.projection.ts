import { Pool, PoolClient } from 'pg';
import {
  ANONYMOUS_STREAM_PREFIX,
  CUSTOMER_STREAM_PREFIX,
  CustomerIdentified,
  deserialize,
  FeedbackGiven,
  JOURNEY_DEFINITION_STREAM_PREFIX,
  JourneyDefined,
  TouchpointRecorded,
} from '@journey/events';
import { EventStore, RecordedEvent } from '@journey/event-store';
import {
  contributionsOf,
  diffContributions,
  JourneyRules,
  rulesFromDefinition,
  segmentInstances,
  thresholdsOfDefinition,
} from '@journey/domain';
import { Projection, ShadowTables } from '../runner/projection';
import {
  Affected,
  loadFacts,
  loadInstances,
  loadDefinitions,
  loadRules,
  pairKey,
  replaceInstances,
  unpair,
} from './journey-facts';
import { MapDelta } from './map-writes';
import { bulkLoadJourneys } from '../rebuild/bulk-journeys';
import { SketchCache } from '../frictions/sketch-cache';
import { insertFacts, linkIdentities, saveFeedback, saveDefinitions } from './journey-writes';
import { eraseStoredFeedback, withoutPersonalData } from './erasure';
import { advanceWatermark, BATCH_SWEEP_LIMIT, overdueInstances, SWEEP_LIMIT } from './watermark';
import { pairsOfFeedback } from '../frictions/friction-writes';
import { FrictionOptions, RecomputedPair, refreshFrictions } from '../frictions/pair-frictions';

export const JOURNEYS_PROJECTION = 'journeys';

/**
 * Customers' journeys. Stores each touchpoint as a fact under its (resolved) customer, then
 * recomputes the instances of every (customer, journey) the batch touched with the pure domain
 * segmentation, so late events, identity links and definition changes all land by recomputation.
 */
export class JourneysProjection implements Projection {
  readonly name = JOURNEYS_PROJECTION;
  readonly tables = [
    'rm_touchpoints',
    'rm_journey_instances',
    'rm_identity_links',
    'rm_journey_definitions',
    'rm_feedback',
    'rm_map_counters',
    'rm_map_durations',
    'rm_friction_occurrences',
  ];
  readonly streamPrefixes = [
    CUSTOMER_STREAM_PREFIX,
    ANONYMOUS_STREAM_PREFIX,
    JOURNEY_DEFINITION_STREAM_PREFIX,
  ];

  private readonly frictions: FrictionOptions;

  /** `mode: 'rebuild'` announces nothing on the friction feed; `frictions: false` detects none. */
  constructor(options: { mode?: 'live' | 'rebuild'; frictions?: boolean } = {}) {
    const detect = options.frictions ?? true;
    this.frictions = {
      detect,
      announce: detect && (options.mode ?? 'live') === 'live',
      sketches: new SketchCache(),
    };
  }

  /** Between events: abandons what the watermark made overdue; true while some is left. */
  async tick(tx: PoolClient): Promise<boolean> {
    const { rows } = await tx.query<{ ms: number | null }>(
      `SELECT (extract(epoch FROM watermark) * 1000)::float8 AS ms FROM projection_checkpoints WHERE name = $1`,
      [this.name],
    );
    const watermark = rows[0]?.ms ?? -Infinity;
    const overdue = await overdueInstances(tx, watermark);
    if (overdue.length === 0) return false;
    await this.recompute(tx, overdue, watermark, new Map());
    return overdue.length === SWEEP_LIMIT;
  }

  bulkLoad(store: EventStore, pool: Pool, shadow: ShadowTables) {
    return bulkLoadJourneys(store, pool, shadow, this.streamPrefixes, this.name, this.frictions);
  }

  async apply(events: readonly RecordedEvent[], tx: PoolClient): Promise<void> {
    const touchpoints: { event: TouchpointRecorded; recorded: RecordedEvent }[] = [];
    const links: CustomerIdentified[] = [];
    const feedback: FeedbackGiven[] = [];
    const definitions: { event: JourneyDefined; recorded: RecordedEvent }[] = [];
    const erased: string[] = [];
    for (const recorded of events) {
      const event = deserialize(recorded)?.event;
      if (!event) continue;
      switch (event.type) {
        case 'TouchpointRecorded':
          touchpoints.push({ event, recorded });
          break;
        case 'CustomerIdentified':
          links.push(event);
          break;
        case 'FeedbackGiven':
          feedback.push(event);
          break;
        case 'JourneyDefined':
          definitions.push({ event, recorded });
          break;
        case 'CustomerErased': {
          const { customerId } = event.data;
          erased.push(customerId);
          // Feedback of this batch given before the erasure loses its comment as well.
          feedback.forEach((f, i) => {
            if (f.data.customerId === customerId) feedback[i] = withoutPersonalData(f);
          });
          break;
        }
        default: {
          const _: never = event;
          return _;
        }
      }
    }
    const affected = new Set<string>();
    const add = (a: Affected) => affected.add(pairKey(a.customerId, a.journey));
    // The map subtracts old contributions under the rules they were made with.
    const rulesBefore = await loadRules(
      tx,
      definitions.map((d) => d.event.data.journey),
    );
    // Links first: touchpoints of this batch then resolve to their customer directly.
    (await linkIdentities(tx, links)).forEach(add);
    (await insertFacts(tx, touchpoints)).forEach(add);
    (await saveDefinitions(tx, definitions)).forEach(add);
    // Before this batch's feedback is stored: what follows an erasure in the batch is kept.
    await eraseStoredFeedback(tx, erased);
    await saveFeedback(tx, feedback);
    // Feedback changes what its instance's negative_feedback finds.
    if (this.frictions.detect) {
      (
        await pairsOfFeedback(
          tx,
          feedback.map((f) => f.data),
        )
      ).forEach(add);
    }
    let maxOccurred = -Infinity;
    for (const t of touchpoints)
      maxOccurred = Math.max(maxOccurred, Date.parse(t.event.data.occurredAt));
    const watermark = await advanceWatermark(tx, this.name, maxOccurred);
    // Every batch takes a bounded share of the instances the watermark has made overdue.
    (await overdueInstances(tx, watermark.value, BATCH_SWEEP_LIMIT)).forEach(add);
    if (affected.size > 0) {
      await this.recompute(tx, [...affected].map(unpair), watermark.value, rulesBefore);
    }
  }

  /** New instances for each pair from its facts; the journey map takes the difference. */
  private async recompute(
    tx: PoolClient,
    pairs: Affected[],
    watermark: number,
    rulesBefore: Map<string, JourneyRules>,
  ): Promise<void> {
    const facts = await loadFacts(tx, pairs);
    const before = await loadInstances(tx, pairs);
    // One read of the definitions: the rules and the friction thresholds both come from them.
    const definitions = await loadDefinitions(
      tx,
      pairs.map((p) => p.journey),
    );
    const rules = new Map(
      [...definitions].map(([j, def]) => [
        j,
        { rules: rulesFromDefinition(def, j), thresholds: thresholdsOfDefinition(def) },
      ]),
    );
    const map = new MapDelta();
    const recomputed: RecomputedPair[] = [];
    const instances = pairs.flatMap((p) => {
      const key = pairKey(p.customerId, p.journey);
      const { rules: journeyRules, thresholds } = rules.get(p.journey)!;
      const next = segmentInstances(facts.get(key) ?? [], journeyRules, watermark);
      const old = contributionsOf(
        before.get(key) ?? [],
        rulesBefore.get(p.journey) ?? journeyRules,
      );
      map.add(p.journey, diffContributions(old, contributionsOf(next, journeyRules)));
      recomputed.push({ pair: p, rules: journeyRules, thresholds, instances: next });
      return next;
    });
    await replaceInstances(tx, pairs, instances);
    await refreshFrictions(tx, recomputed, this.frictions);
    await map.write(tx);
  }
}
