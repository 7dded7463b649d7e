import { PoolClient } from 'pg';
import {
  detectFrictionsOfChange,
  Extension,
  extensionContributions,
  FrictionOccurrence,
  FrictionThresholds,
  JourneyInstance,
  extendInstances,
  JourneyRules,
  TouchpointFact,
} from '@journey/domain';
import { JourneyRuleSet } from './rule-sets';
import { loadTransitionSketches } from '../frictions/daily-sketches';
import { appendToFeed, insertOccurrences } from '../frictions/friction-writes';
import { FrictionOptions } from '../frictions/pair-frictions';
import { MapDelta } from './map-writes';
import { PairState, PairStates } from './pair-states';
import { instanceCodec, instanceValues } from '../codecs/instance.codec';
import { jsonInsertSql, jsonRows } from '../codecs/row-codec';

/** A pair whose new touchpoints all came after its history: extended, not recomputed. */
export interface ExtendedPair {
  readonly key: string;
  readonly state: PairState;
  readonly extension: Extension;
  readonly rules: JourneyRules;
  readonly thresholds: FrictionThresholds;
  /** false: extended from its instance rows alone (sweep-unheld.ts), not to be held after. */
  readonly hold?: false;
}

/** The in-order fast path for a pair, when its held state allows it. */
export function extensionOf(
  states: PairStates,
  key: string,
  facts: readonly TouchpointFact[],
  journey: JourneyRuleSet,
  watermark: number,
): ExtendedPair | null {
  const state = states.get(key);
  if (!state || state.hasFeedback || state.definition !== journey.definition) return null;
  const extension = extendInstances(
    state.instances,
    state.tail,
    facts,
    journey.rules,
    watermark,
    state.touchpoints,
  );
  // A sweep whose pair the state shows nothing overdue in: the tables say otherwise, recompute.
  if (!extension || (facts.length === 0 && extension.changed.length === 0)) return null;
  return { key, state, extension, ...journey };
}

/**
 * Writes what in-order extensions changed, touching only the changed instances' new steps: the
 * steps appended to their rows, the map's diff, the frictions found at the new steps. Then the
 * pairs' states move on (the runner clears them all if the batch fails).
 */
export async function applyExtensions(
  tx: PoolClient,
  pairs: readonly ExtendedPair[],
  map: MapDelta,
  frictions: FrictionOptions,
  states: PairStates,
  partition: number,
): Promise<void> {
  if (pairs.length === 0) return;
  for (const p of pairs) {
    for (const diff of extensionContributions(p.extension, p.rules, p.state.firsts))
      map.add(p.rules.journey, diff);
  }
  await appendSteps(
    tx,
    pairs.flatMap((p) => p.extension.changed),
    partition,
  );
  if (frictions.detect) await detectAtNewSteps(tx, pairs, frictions);
  for (const p of pairs) {
    for (const { after, before } of p.extension.changed)
      for (const s of after.steps.slice(before?.steps.length ?? 0))
        p.state.touchpoints.add(s.touchpointId);
    if (p.hold === false) states.delete(p.key);
    else
      states.set(p.key, { ...p.state, instances: p.extension.instances, tail: p.extension.tail });
  }
}

const APPEND_STEPS = jsonInsertSql(instanceCodec, {
  alias: 'i',
  tail: `ON CONFLICT (customer_id, journey, instance_id) DO UPDATE
       SET status = EXCLUDED.status, last_activity_at = EXCLUDED.last_activity_at,
           channels = EXCLUDED.channels, steps = i.steps || EXCLUDED.steps`,
});

/** New instances inserted whole; extended ones get their new steps appended, not rewritten. */
async function appendSteps(
  tx: PoolClient,
  changed: readonly { before: JourneyInstance | null; after: JourneyInstance }[],
  partition: number,
): Promise<void> {
  await tx.query(APPEND_STEPS, [
    jsonRows(
      instanceCodec,
      changed.map(({ before, after }) =>
        instanceValues(after, partition, before?.steps.length ?? 0),
      ),
    ),
  ]);
}

async function detectAtNewSteps(
  tx: PoolClient,
  pairs: readonly ExtendedPair[],
  options: FrictionOptions,
): Promise<void> {
  // Baselines only of the transitions the new steps made.
  const sketches = await loadTransitionSketches(
    tx,
    pairs.flatMap((p) =>
      p.extension.changed.map(({ before, after }) => ({
        journey: p.rules.journey,
        windowMs: p.thresholds.slowStepBaselineWindowMs,
        steps: after.steps,
        from: before?.steps.length ?? 0,
      })),
    ),
    options.sketches,
  );
  const found: FrictionOccurrence[] = [];
  for (const p of pairs) {
    const context = {
      rules: p.rules,
      thresholds: p.thresholds,
      baseline: sketches.baseline(p.rules.journey),
    };
    for (const { before, after } of p.extension.changed)
      found.push(...detectFrictionsOfChange(before, after, context));
  }
  const stored = await insertOccurrences(tx, found);
  if (options.announce) await appendToFeed(tx, stored);
}
