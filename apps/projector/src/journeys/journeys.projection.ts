import { Pool, PoolClient } from 'pg';
import {
  ANONYMOUS_STREAM_PREFIX,
  CUSTOMER_STREAM_PREFIX,
  JOURNEY_DEFINITION_STREAM_PREFIX,
} from '@journey/events';
import { EventStore, RecordedEvent } from '@journey/event-store';
import {
  contributionsOf,
  diffContributions,
  extendInstances,
  JourneyRules,
  pairFirstsOf,
  segmentInstances,
  tailOf,
  TouchpointFact,
} from '@journey/domain';
import { Projection, ShadowTables } from '../runner/projection';
import {
  Affected,
  loadFacts,
  loadInstances,
  loadRules,
  pairKey,
  replaceInstances,
  unpair,
} from './journey-facts';
import { MapDelta } from './map-writes';
import { sortBatch } from './batch-events';
import { JourneyRuleSet, loadRuleSets } from './rule-sets';
import { applyExtensions, ExtendedPair } from './fast-path';
import { PairStates } from './pair-states';
import { bulkLoadJourneys } from '../rebuild/bulk-journeys';
import { SketchCache } from '../frictions/sketch-cache';
import { insertFacts, linkIdentities, saveFeedback, saveDefinitions } from './journey-writes';
import { eraseStoredFeedback } from './erasure';
import { advanceWatermark, BATCH_SWEEP_LIMIT, overdueInstances, SweepSize } from './watermark';
import { pairsOfFeedback } from '../frictions/friction-writes';
import { FrictionOptions, RecomputedPair, refreshFrictions } from '../frictions/pair-frictions';

export const JOURNEYS_PROJECTION = 'journeys';

/**
 * Customers' journeys. Stores each touchpoint as a fact under its (resolved) customer. A pair
 * (customer, journey) whose new touchpoints all come after its history, held in memory, is
 * extended: only its changed instances' new steps are written (fast-path.ts). Every other pair
 * the batch touched is recomputed from all its facts with the pure domain segmentation, so late
 * events, identity links, definition changes, feedback and abandonment land by recomputation.
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
    await this.recompute(tx, overdue, watermark, new Map(), map);
    await map.write(tx);
    this.sweep.took(performance.now() - started, overdue.length);
    return overdue.length === limit;
  }

  bulkLoad(store: EventStore, pool: Pool, shadow: ShadowTables) {
    return bulkLoadJourneys(store, pool, shadow, this.streamPrefixes, this.name, this.frictions);
  }

  async apply(events: readonly RecordedEvent[], tx: PoolClient): Promise<void> {
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
    // Every batch takes a bounded share of the instances the watermark has made overdue.
    (await overdueInstances(tx, watermark.value, BATCH_SWEEP_LIMIT)).forEach(add);
    // New facts of the pairs not recomputed anyway, coalesced: one extension per pair.
    const fresh = new Map<string, TouchpointFact[]>();
    for (const f of stored) {
      const key = pairKey(f.customerId, f.journey);
      if (affected.has(key)) continue;
      const list = fresh.get(key);
      if (list) list.push(f);
      else fresh.set(key, [f]);
    }
    const rules = await loadRuleSets(tx, [
      ...[...fresh.values()].map((f) => f[0].journey),
      ...[...affected].map((k) => unpair(k).journey),
    ]);
    const extended: ExtendedPair[] = [];
    for (const [key, facts] of fresh) {
      const found = this.extension(key, facts, rules.get(facts[0].journey)!, watermark.value);
      if (found) extended.push(found);
      else affected.add(key);
    }
    const map = new MapDelta();
    await applyExtensions(tx, extended, map, this.frictions, this.states);
    this.paths.extended += extended.length;
    if (affected.size > 0) {
      await this.recompute(tx, [...affected].map(unpair), watermark.value, rulesBefore, map, rules);
    }
    await map.write(tx);
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

  /** The in-order fast path for a pair, when its held state allows it. */
  private extension(
    key: string,
    facts: readonly TouchpointFact[],
    journey: JourneyRuleSet,
    watermark: number,
  ): ExtendedPair | null {
    const state = this.states.get(key);
    if (!state || state.hasFeedback || state.definition !== journey.definition) return null;
    const extension = extendInstances(
      state.instances,
      state.tail,
      facts,
      journey.rules,
      watermark,
      state.touchpoints,
    );
    return extension && { key, state, extension, ...journey };
  }

  /** New instances for each pair from its facts; the journey map takes the difference. */
  private async recompute(
    tx: PoolClient,
    pairs: Affected[],
    watermark: number,
    rulesBefore: Map<string, JourneyRules>,
    map: MapDelta,
    known?: Map<string, JourneyRuleSet>,
  ): Promise<void> {
    const facts = await loadFacts(tx, pairs);
    const before = await loadInstances(tx, pairs);
    // One read of the definitions: the rules and the friction thresholds both come from them.
    const rules =
      known ??
      (await loadRuleSets(
        tx,
        pairs.map((p) => p.journey),
      ));
    const recomputed: RecomputedPair[] = [];
    this.paths.recomputed += pairs.length;
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
    const withFeedback = await refreshFrictions(tx, recomputed, this.frictions);
    for (const r of recomputed) {
      const key = pairKey(r.pair.customerId, r.pair.journey);
      const pairFacts = facts.get(key) ?? [];
      const tail = tailOf(pairFacts, r.instances);
      // Not extendable: what was held describes the history before this recomputation.
      if (tail === null) {
        this.states.delete(key);
        continue;
      }
      this.states.set(key, {
        customerId: r.pair.customerId,
        instances: r.instances,
        tail,
        touchpoints: new Set(pairFacts.map((f) => f.touchpointId)),
        firsts: pairFirstsOf(r.instances),
        definition: rules.get(r.pair.journey)!.definition,
        hasFeedback: withFeedback.has(r.pair.customerId),
      });
    }
  }
}
