import { Logger } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import {
  ANONYMOUS_STREAM_PREFIX,
  CUSTOMER_STREAM_PREFIX,
  JOURNEY_DEFINITION_STREAM_PREFIX,
} from '@journey/events';
import { EventStore, RecordedEvent } from '@journey/event-store';
import { JourneyRules, TouchpointFact } from '@journey/domain';
import { Projection, ShadowTables } from '../runner/projection';
import { Affected, loadRules, pairKey, unpair } from './journey-facts';
import { MapDelta } from './map-writes';
import { sortBatch } from './batch-events';
import { loadRuleSets } from './rule-sets';
import { applyExtensions, ExtendedPair, extensionOf } from './fast-path';
import { recomputePairs } from './recompute-pairs';
import { emptyState, pairsWithoutHistory } from './new-pairs';
import { sweepUnheld } from './sweep-unheld';
import { PairStates } from './pair-states';
import { bulkLoadJourneys } from '../rebuild/bulk-journeys';
import { SketchCache } from '../frictions/sketch-cache';
import { insertFacts, linkIdentities, saveFeedback, saveDefinitions } from './journey-writes';
import { eraseStoredFeedback } from './erasure';
import { advanceWatermark, BATCH_SWEEP_LIMIT, overdueInstances, SweepSize } from './watermark';
import { pairsOfFeedback } from '../frictions/friction-writes';
import { FrictionOptions } from '../frictions/pair-frictions';

export const JOURNEYS_PROJECTION = 'journeys';

/**
 * Customers' journeys. Stores each touchpoint as a fact under its (resolved) customer. A pair
 * (customer, journey) whose new touchpoints all come after its history, held in memory, is
 * extended: only its changed instances' new steps are written (fast-path.ts), and the watermark
 * abandons its overdue instances in place. Every other pair the batch touched is recomputed from
 * all its facts with the pure domain segmentation (recompute-pairs.ts), so late events, identity
 * links, definition changes, feedback and the abandonment of pairs not held land by recomputation.
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
  /** Open pairs as the read models hold them: what the in-order fast path extends. */
  private readonly states: PairStates;
  /** The instance table the states describe: a rebuild's swap brings in another one. */
  private statesTable: number | null = null;
  private readonly sweep = new SweepSize();
  private readonly logger = new Logger('JourneysProjection');
  /** Pairs applied by each path since start (tests and logs tell whether the fast path runs). */
  readonly paths = { extended: 0, recomputed: 0 };

  /** `mode: 'rebuild'` announces nothing on the friction feed; `frictions: false` detects none. */
  constructor(
    options: { mode?: 'live' | 'rebuild'; frictions?: boolean; maxHeldPairs?: number } = {},
  ) {
    this.states = new PairStates(options.maxHeldPairs);
    const detect = options.frictions ?? true;
    this.frictions = {
      detect,
      announce: detect && (options.mode ?? 'live') === 'live',
      sketches: new SketchCache(),
    };
  }

  /** Between events: abandons what the watermark made overdue; true while some is left. */
  async tick(tx: PoolClient): Promise<boolean> {
    await this.fenceStates(tx);
    const { rows } = await tx.query<{ ms: number | null }>(
      `SELECT (extract(epoch FROM watermark) * 1000)::float8 AS ms FROM projection_checkpoints WHERE name = $1`,
      [this.name],
    );
    const watermark = rows[0]?.ms ?? -Infinity;
    const started = performance.now();
    const limit = this.sweep.value;
    const overdue = await overdueInstances(tx, watermark, limit);
    if (overdue.length === 0) return false;
    const map = new MapDelta();
    const none = new Map(overdue.map((p) => [pairKey(p.customerId, p.journey), []]));
    await this.applyPairs(tx, none, new Set(), watermark, new Map(), map);
    await map.write(tx);
    this.sweep.took(performance.now() - started, overdue.length);
    return overdue.length === limit;
  }

  bulkLoad(store: EventStore, pool: Pool, shadow: ShadowTables) {
    return bulkLoadJourneys(store, pool, shadow, this.streamPrefixes, this.name, this.frictions);
  }

  async apply(events: readonly RecordedEvent[], tx: PoolClient): Promise<void> {
    const started = performance.now();
    await this.fenceStates(tx);
    const { touchpoints, links, feedback, definitions, erased } = sortBatch(events);
    const affected = new Set<string>();
    const add = (a: Affected) => affected.add(pairKey(a.customerId, a.journey));
    // The map subtracts old contributions under the rules they were made with.
    const rulesBefore = await loadRules(
      tx,
      definitions.map((d) => d.event.data.journey),
    );
    // Links first: touchpoints of this batch then resolve to their customer directly.
    (await linkIdentities(tx, links)).forEach(add);
    const stored = await insertFacts(tx, touchpoints);
    (await saveDefinitions(tx, definitions)).forEach(add);
    // Before this batch's feedback is stored: what follows an erasure in the batch is kept.
    await eraseStoredFeedback(tx, erased);
    await saveFeedback(tx, feedback);
    // Feedback may move to other instances with any step: such customers are recomputed.
    for (const id of [...erased, ...feedback.map((f) => f.data.customerId)])
      this.states.dropCustomer(id);
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
    // Every batch takes a bounded share of the instances the watermark has made overdue: a swept
    // pair extended by no fact has its overdue instances abandoned in place.
    const swept = await overdueInstances(tx, watermark.value, BATCH_SWEEP_LIMIT);
    const fresh = new Map<string, TouchpointFact[]>();
    for (const p of swept) {
      const key = pairKey(p.customerId, p.journey);
      if (!affected.has(key)) fresh.set(key, []);
    }
    // New facts of the pairs not recomputed anyway, coalesced: one extension per pair.
    for (const f of stored) {
      const key = pairKey(f.customerId, f.journey);
      if (affected.has(key)) continue;
      const list = fresh.get(key);
      if (list) list.push(f);
      else fresh.set(key, [f]);
    }
    const map = new MapDelta();
    const extended = await this.applyPairs(tx, fresh, affected, watermark.value, rulesBefore, map);
    await map.write(tx);
    this.logger.debug({
      msg: 'journeys batch',
      events: events.length,
      extended,
      recomputed: affected.size,
      swept: swept.length,
      ms: Math.round(performance.now() - started),
    });
  }

  /**
   * Extends the pairs of `fresh` whose held states allow it, and those without history from an
   * empty state; recomputes the rest and `affected` (which the declined join). Returns how many
   * were extended.
   */
  private async applyPairs(
    tx: PoolClient,
    fresh: ReadonlyMap<string, readonly TouchpointFact[]>,
    affected: Set<string>,
    watermark: number,
    rulesBefore: Map<string, JourneyRules>,
    map: MapDelta,
  ): Promise<number> {
    const rules = await loadRuleSets(
      tx,
      [...fresh.keys(), ...affected].map((k) => unpair(k).journey),
    );
    const unheld = new Map<string, number>();
    for (const [key, facts] of fresh)
      if (facts.length > 0 && !this.states.get(key)) unheld.set(key, facts.length);
    for (const key of await pairsWithoutHistory(tx, unheld)) {
      const { customerId, journey } = unpair(key);
      this.states.set(key, emptyState(customerId, rules.get(journey)!.definition));
    }
    const extended: ExtendedPair[] = [];
    const unheldSweeps: string[] = [];
    for (const [key, facts] of fresh) {
      const journey = rules.get(unpair(key).journey)!;
      const found = extensionOf(this.states, key, facts, journey, watermark);
      if (found) extended.push(found);
      else if (facts.length === 0 && !this.states.get(key)) unheldSweeps.push(key);
      else affected.add(key);
    }
    const fromRows = await sweepUnheld(tx, unheldSweeps, rules, watermark);
    extended.push(...fromRows.extended);
    fromRows.declined.forEach((key) => affected.add(key));
    await applyExtensions(tx, extended, map, this.frictions, this.states);
    this.paths.extended += extended.length;
    if (affected.size > 0) {
      const pairs = [...affected].map(unpair);
      const context = { rulesBefore, rules, frictions: this.frictions, states: this.states };
      await recomputePairs(tx, pairs, watermark, map, context);
      this.paths.recomputed += pairs.length;
    }
    return extended.length;
  }

  /** How many (customer, journey) pairs are held for the fast path (status, sizing). */
  get heldPairs(): number {
    return this.states.size;
  }

  /** The batch failed or the checkpoint moved: held pair states may not match the tables. */
  forget(): void {
    this.states.clear();
  }

  /**
   * A rebuild swaps in new tables, and may leave the checkpoint where this runner had it (both
   * caught up): the runner would not notice, so the states are dropped when the table changed.
   */
  private async fenceStates(tx: PoolClient): Promise<void> {
    const { rows } = await tx.query<{ oid: number }>(
      `SELECT 'rm_journey_instances'::regclass::oid AS oid`,
    );
    if (this.statesTable !== rows[0].oid) this.states.clear();
    this.statesTable = rows[0].oid;
  }
}
