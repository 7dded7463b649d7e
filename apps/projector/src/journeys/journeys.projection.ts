import { Logger } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { JOURNEY_STREAM_PREFIXES } from '@journey/events';
import { EventStore, RecordedEvent } from '@journey/event-store';
import { JourneyRules, TouchpointFact } from '@journey/domain';
import { Projection, ShadowTables } from '../runner/projection';
import { pairKey } from './journey-facts';
import { MapDelta } from './map-writes';
import { sortBatch } from './batch-events';
import { applyPairs } from './apply-pairs';
import { PairStates } from './pair-states';
import { bulkLoadJourneys } from '../rebuild/bulk-journeys';
import { SketchCache } from '../frictions/sketch-cache';
import { AppliedDefinitions } from './definitions';
import { readWatermark } from '@journey/read-models';
import { overdueInstances, SweepSize } from './watermark';
import { Handoffs } from './handoffs';
import { takeOver } from './partition-intake';
import { takeInBatch } from './batch-intake';
import { PartitionScope, SINGLE_PARTITION } from './partition-scope';
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
    'rm_variant_durations',
    'rm_friction_occurrences',
    'rm_pair_handoffs',
    'rm_journey_definition_versions',
    'rm_partition_definitions',
  ];
  readonly streamPrefixes = JOURNEY_STREAM_PREFIXES;

  /** The share of customers (and streams) this instance projects; see partition-scope.ts. */
  readonly partition: PartitionScope;
  private readonly frictions: FrictionOptions;
  /** Open pairs as the read models hold them: what the in-order fast path extends. */
  private readonly states: PairStates;
  /** The instance table the states describe: a rebuild's swap brings in another one. */
  private statesTable: number | null = null;
  private readonly sweep = new SweepSize();
  /** The definitions this partition applied, held between batches. */
  private readonly definitions: AppliedDefinitions;
  private readonly logger = new Logger('JourneysProjection');
  /**
   * Pairs applied by each path since start, and pairs handed to other partitions (tests and logs
   * tell whether the fast path runs). Counts of batches that rolled back are included.
   */
  readonly paths = { extended: 0, recomputed: 0, handedOff: 0 };

  /** `mode: 'rebuild'` announces nothing on the friction feed; `frictions: false` detects none. */
  constructor(
    options: {
      mode?: 'live' | 'rebuild';
      frictions?: boolean;
      maxHeldPairs?: number;
      partition?: PartitionScope;
      /** Shared by a process's partitions: each sketch row is then parsed once per process. */
      sketches?: SketchCache;
    } = {},
  ) {
    this.partition = options.partition ?? SINGLE_PARTITION;
    this.definitions = new AppliedDefinitions(this.partition.index);
    this.states = new PairStates(options.maxHeldPairs);
    const detect = options.frictions ?? true;
    this.frictions = {
      detect,
      announce: detect && (options.mode ?? 'live') === 'live',
      sketches: options.sketches ?? new SketchCache(),
    };
  }

  /**
   * Between events: takes over what other partitions handed over or redefined, and abandons what
   * the watermark made overdue; true while some is left.
   */
  async tick(tx: PoolClient): Promise<boolean> {
    await this.fenceStates(tx);
    const affected = new Set<string>();
    const rulesBefore = await takeOver(tx, this.partition, affected, this.states, this.definitions);
    const watermark = (await readWatermark(tx, this.name)) ?? -Infinity;
    const started = performance.now();
    const limit = this.sweep.value;
    const overdue = await overdueInstances(tx, watermark, limit, this.definitions);
    if (overdue.length === 0 && affected.size === 0) return false;
    const map = new MapDelta();
    const none = new Map(overdue.map((p) => [pairKey(p.customerId, p.journey), []]));
    for (const key of affected) none.delete(key);
    await this.applyPairs(tx, none, affected, watermark, rulesBefore, map);
    await map.write(tx, this.partition.index);
    if (overdue.length > 0) this.sweep.took(performance.now() - started, overdue.length);
    return overdue.length === limit;
  }

  bulkLoad(store: EventStore, pool: Pool, shadow: ShadowTables) {
    return bulkLoadJourneys(store, pool, shadow, {
      prefixes: this.streamPrefixes,
      name: this.name,
      frictions: this.frictions,
      partitions: this.partition.count,
    });
  }

  async apply(events: readonly RecordedEvent[], tx: PoolClient): Promise<void> {
    const started = performance.now();
    await this.fenceStates(tx);
    const affected = new Set<string>();
    const handoffs = new Handoffs();
    const { fresh, watermark, rulesBefore, swept } = await takeInBatch(
      tx,
      sortBatch(events),
      {
        name: this.name,
        scope: this.partition,
        states: this.states,
        definitions: this.definitions,
        detectFrictions: this.frictions.detect,
      },
      affected,
      handoffs,
    );
    const map = new MapDelta();
    const extended = await this.applyPairs(tx, fresh, affected, watermark, rulesBefore, map);
    await map.write(tx, this.partition.index);
    await handoffs.write(tx);
    this.paths.handedOff += handoffs.size;
    this.logger.debug({
      msg: 'journeys batch',
      partition: this.partition.index,
      events: events.length,
      extended,
      recomputed: affected.size,
      swept,
      handedOff: handoffs.size,
      ms: Math.round(performance.now() - started),
    });
  }

  private applyPairs(
    tx: PoolClient,
    fresh: ReadonlyMap<string, readonly TouchpointFact[]>,
    affected: Set<string>,
    watermark: number,
    rulesBefore: Map<string, JourneyRules>,
    map: MapDelta,
  ): Promise<number> {
    const context = {
      states: this.states,
      frictions: this.frictions,
      partition: this.partition.index,
      definitions: this.definitions,
      paths: this.paths,
    };
    return applyPairs(tx, { fresh, affected, watermark, rulesBefore, map }, context);
  }

  /** How many (customer, journey) pairs are held for the fast path (status, sizing). */
  get heldPairs(): number {
    return this.states.size;
  }

  /** The batch failed or the checkpoint moved: held pair states may not match the tables. */
  forget(): void {
    this.states.clear();
    this.definitions.forget();
  }

  /**
   * A rebuild swaps in new tables, and may leave the checkpoint where this runner had it (both
   * caught up): the runner would not notice, so the states are dropped when the table changed.
   */
  private async fenceStates(tx: PoolClient): Promise<void> {
    const { rows } = await tx.query<{ oid: number }>(
      `SELECT 'rm_journey_instances'::regclass::oid AS oid`,
    );
    if (this.statesTable !== rows[0].oid) this.forget();
    this.statesTable = rows[0].oid;
  }
}
