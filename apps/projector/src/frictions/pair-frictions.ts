import { PoolClient } from 'pg';
import {
  attachFeedback,
  CustomerFeedback,
  detectFrictions,
  FrictionOccurrence,
  FrictionThresholds,
  JourneyInstance,
  JourneyRules,
  TransitionBaselineFn,
} from '@journey/domain';
import { Affected } from '../journeys/journey-facts';
import { loadTransitionSketches } from './daily-sketches';
import { SketchCache } from './sketch-cache';
import { appendToFeed, loadCustomerFeedback, replaceOccurrences } from './friction-writes';

/** What the journeys projection does about friction: detect it, and announce what is new. */
export interface FrictionOptions {
  readonly detect: boolean;
  /** Live projections announce new occurrences on the feed; a rebuild replays history quietly. */
  readonly announce: boolean;
  /** Baseline sketches parsed in earlier batches; without it every batch reads them in full. */
  readonly sketches?: SketchCache;
}

export interface RecomputedPair {
  readonly pair: Affected;
  readonly rules: JourneyRules;
  readonly thresholds: FrictionThresholds;
  readonly instances: readonly JourneyInstance[];
}

/** The frictions of one (customer, journey)'s instances, with its feedback attached. */
export function frictionsOfPair(
  instances: readonly JourneyInstance[],
  rules: JourneyRules,
  thresholds: FrictionThresholds,
  feedback: readonly CustomerFeedback[],
  baseline: TransitionBaselineFn,
): FrictionOccurrence[] {
  const attached = attachFeedback(instances, feedback);
  return instances.flatMap((instance) =>
    detectFrictions(instance, {
      rules,
      thresholds,
      feedback: attached.get(instance.instanceId) ?? [],
      baseline,
    }),
  );
}

/**
 * After a recomputation: the pairs' occurrences replaced, the new ones announced. Returns the
 * customers that have feedback.
 */
export async function refreshFrictions(
  tx: PoolClient,
  recomputed: readonly RecomputedPair[],
  options: FrictionOptions,
): Promise<ReadonlySet<string>> {
  if (!options.detect || recomputed.length === 0) return new Set();
  const feedback = await loadCustomerFeedback(
    tx,
    recomputed.map((r) => r.pair.customerId),
  );
  // Only the transitions these instances made.
  const sketches = await loadTransitionSketches(
    tx,
    recomputed.flatMap((r) =>
      r.instances.map((i) => ({
        journey: r.pair.journey,
        windowMs: r.thresholds.slowStepBaselineWindowMs,
        steps: i.steps,
        from: 0,
      })),
    ),
    options.sketches,
  );
  const occurrences = recomputed.flatMap((r) =>
    frictionsOfPair(
      r.instances,
      r.rules,
      r.thresholds,
      feedback.get(r.pair.customerId) ?? [],
      sketches.baseline(r.pair.journey),
    ),
  );
  const fresh = await replaceOccurrences(
    tx,
    recomputed.map((r) => r.pair),
    occurrences,
  );
  if (options.announce) await appendToFeed(tx, fresh);
  return new Set(feedback.keys());
}
