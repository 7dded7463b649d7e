import fc from 'fast-check';
import { Channel, Outcome } from '@journey/events';
import { DAY } from '../../test/facts';
import { drawnFact, pureBaseline, shopRules } from '../../test/shop';
import { detectFrictions } from '../friction/detect-frictions';
import { detectFrictionsOfChange } from '../friction/detect-tail';
import { frictionThresholds } from '../friction/thresholds';
import { FrictionOccurrence } from '../friction/types';
import { applyContributionsDiff, diffContributions } from './contributions-diff';
import { extendInstances, tailOf } from './extend-instances';
import { extensionContributions } from './extension-contributions';
import { contributionsOf, pairFirstsOf } from './map-contributions';
import { segmentInstances } from './segmentation';
import { JourneyInstance, TouchpointFact } from './types';

/**
 * The live projection's in-order fast path must give what a recomputation from all facts gives:
 * the same instances, the same map (old contributions plus the per-instance diffs and new
 * customer-wide firsts) and the same frictions (the old ones plus those at the new steps).
 */
const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
// The shop journey with a third stage after buying.
const rules = shopRules({
  stages: ['discover', 'buy', 'use'],
  stageOfStep: new Map([
    ['view', 'discover'],
    ['pay', 'buy'],
    ['login', 'use'],
  ]),
  stepSlaMs: new Map([['pay', 30 * MIN]]),
});
const thresholds = frictionThresholds({ slowStepMinSamples: 10 });
const baseline = pureBaseline(5);

const rawFact = fc.record({
  // Often zero: steps sharing a timestamp are common in real logs.
  gap: fc.oneof(
    { arbitrary: fc.constant(0), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: 90 }), weight: 6 },
    { arbitrary: fc.integer({ min: 0, max: 3000 }), weight: 1 },
  ),
  // Goals and failures rare enough for long open instances (the fast path's common case).
  step: fc.oneof(
    { arbitrary: fc.constantFrom('view', 'pay', 'help', 'login', 'call'), weight: 12 },
    { arbitrary: fc.constantFrom('done', 'fail'), weight: 1 },
  ),
  stage: fc.constantFrom<string | null>(null, null, null, 'discover', 'buy'),
  channel: fc.constantFrom<Channel>('web', 'mobile_app', 'phone', 'chat', 'back_office'),
  outcome: fc.constantFrom<Outcome>('success', 'success', 'failure'),
  journeyInstanceId: fc.oneof(
    { arbitrary: fc.constant(null), weight: 10 },
    { arbitrary: fc.constantFrom('x1', 'x2'), weight: 1 },
  ),
});

/** Facts in time order (gaps >= 0), cut into an old part and batches that follow it. */
const scenario = fc
  .tuple(
    fc.array(rawFact, { minLength: 1, maxLength: 90 }),
    fc.array(fc.integer({ min: 0, max: 90 }), { maxLength: 30 }),
    // Mostly a watermark close behind the facts, as live; sometimes far enough to abandon.
    fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 120 }), weight: 4 },
      { arbitrary: fc.integer({ min: 0, max: 8 * 24 * 60 }), weight: 1 },
    ),
    // After which batches the watermark alone moves on (a sweep of overdue instances), and how far.
    fc.array(fc.boolean(), { maxLength: 31 }),
    fc.integer({ min: 0, max: 3 * 24 * 60 }),
  )
  .map(([raws, cuts, watermarkLead, sweeps, sweepLead]) => {
    let t = T0;
    const facts = raws.map((r, i) => drawnFact(r, i, (t += r.gap * MIN), 12));
    const points = [...new Set(cuts.map((c) => Math.min(c, facts.length)))].sort((a, b) => a - b);
    return {
      facts,
      points,
      watermarkLead: watermarkLead * MIN,
      sweeps,
      sweepLead: sweepLead * MIN,
    };
  });

const frictionsOf = (instances: readonly JourneyInstance[]) =>
  instances.flatMap((i) => detectFrictions(i, { rules, thresholds, baseline }));
const byId = (list: readonly FrictionOccurrence[]) => new Map(list.map((o) => [o.id, o] as const));

describe('extendInstances (the in-order fast path)', () => {
  it('gives, batch after batch (and sweep after sweep), what segmenting all facts gives, or declines', () => {
    let extended = 0;
    let sweepsRun = 0;
    let abandonedBySweep = 0;
    fc.assert(
      fc.property(scenario, ({ facts, points, watermarkLead, sweeps, sweepLead }) => {
        let held = 0;
        // As the projector's: it never goes back.
        let watermark = -Infinity;
        let instances: JourneyInstance[] = [];
        let tail = tailOf([], []);
        let map = contributionsOf([], rules);
        let frictions = new Map<string, FrictionOccurrence>();
        let firsts = pairFirstsOf([]);
        const steps = [...points, facts.length].flatMap((end, k) =>
          sweeps[k]
            ? [
                { end, sweep: false },
                { end, sweep: true },
              ]
            : [{ end, sweep: false }],
        );
        for (const { end, sweep } of steps) {
          if (sweep ? held === 0 : end <= held) continue;
          const old = facts.slice(0, held);
          const batch = sweep ? [] : facts.slice(held, end);
          const lastAt = facts[(sweep ? held : end) - 1].occurredAt;
          watermark = Math.max(watermark, lastAt + (sweep ? sweepLead : watermarkLead));
          const expected = segmentInstances(facts.slice(0, sweep ? held : end), rules, watermark);
          const known = new Set(old.map((f) => f.touchpointId));
          const ext = tail && extendInstances(instances, tail, batch, rules, watermark, known);
          if (!sweep) held = end;
          if (sweep) sweepsRun++;
          if (ext === null) {
            // Declined: the caller recomputes from every fact.
            instances = expected;
            tail = tailOf(facts.slice(0, held), expected);
            map = contributionsOf(expected, rules);
            frictions = byId(frictionsOf(expected));
            firsts = pairFirstsOf(expected);
            continue;
          }
          extended++;
          expect(ext.instances).toEqual(expected);
          for (const diff of extensionContributions(ext, rules, firsts))
            map = applyContributionsDiff(map, diff);
          if (sweep && ext.changed.length > 0) abandonedBySweep++;
          for (const { before, after } of ext.changed) {
            for (const o of detectFrictionsOfChange(before, after, { rules, thresholds, baseline }))
              frictions.set(o.id, o);
          }
          expect(map).toEqual(
            applyContributionsDiff(contributionsOf(expected, rules), emptyDiff()),
          );
          expect(new Map([...frictions].sort())).toEqual(
            new Map([...byId(frictionsOf(expected))].sort()),
          );
          instances = ext.instances;
          tail = ext.tail;
        }
      }),
      { numRuns: 300 },
    );
    // The property must exercise the fast path, not only its refusals, and sweeps that abandon.
    expect(extended).toBeGreaterThan(200);
    expect(sweepsRun).toBeGreaterThan(100);
    expect(abandonedBySweep).toBeGreaterThan(20);
  });

  it('declines a fact that is not after the tail, or one reviving an abandoned instance', () => {
    const f = (i: number, minute: number, extra: Partial<TouchpointFact> = {}): TouchpointFact => ({
      touchpointId: `t${i}`,
      customerId: 'c1',
      journey: 'j',
      step: 'view',
      stage: null,
      channel: 'web',
      outcome: 'success',
      occurredAt: T0 + minute * MIN,
      journeyInstanceId: null,
      arrival: String(i).padStart(12, '0'),
      ...extra,
    });
    const old = [f(1, 0), f(2, 10)];
    const instances = segmentInstances(old, rules, T0 + 10 * MIN);
    const tail = tailOf(old, instances)!;
    const known = new Set(['t1', 't2']);
    expect(extendInstances(instances, tail, [f(3, 5)], rules, T0, known)).toBeNull();
    expect(extendInstances(instances, tail, [f(3, 20)], rules, T0, known)).not.toBeNull();
    // A later arrival at the same instant comes after: extended.
    expect(extendInstances(instances, tail, [f(3, 10)], rules, T0, known)).not.toBeNull();
    const repeated = [f(3, 20, { touchpointId: 't1' })];
    expect(extendInstances(instances, tail, repeated, rules, T0, known)).toBeNull();
    const abandoned = segmentInstances(old, rules, T0 + 2 * DAY);
    expect(extendInstances(abandoned, tail, [f(3, 20)], rules, T0 + 2 * DAY, known)).toBeNull();
  });
});

function emptyDiff() {
  return diffContributions(contributionsOf([], rules), contributionsOf([], rules));
}
