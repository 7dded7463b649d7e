import { at, DAY, fact, HOUR, rules as makeRules } from '../../test/facts';
import { segmentInstances } from '../journeys/segmentation';
import { TouchpointFact } from '../journeys/types';
import { QuantileSketch } from '../journeys/quantile-sketch';
import { detectFrictions } from './detect-frictions';
import { slowSteps } from './slow-step';
import { frictionThresholds, FrictionThresholds } from './thresholds';
import { BaselineWindow, TransitionBaselineFn } from './types';

const T0 = at('2026-03-01T09:00:00');
const rules = makeRules({ stepSlaMs: new Map([['kyc', 2 * HOUR]]) });

function slow(
  facts: TouchpointFact[],
  baseline?: TransitionBaselineFn,
  overrides: Partial<FrictionThresholds> = {},
) {
  const explicit = facts.map((f) => ({ ...f, journeyInstanceId: 'i1' }));
  const [instance] = segmentInstances(explicit, rules, T0);
  return detectFrictions(instance, {
    rules,
    thresholds: frictionThresholds(overrides),
    baseline,
  }).filter((o) => o.type === 'slow_step');
}

/** signup at T0, then `step` after `gap` ms. */
const pair = (step: string, gap: number) => [
  fact({ touchpointId: 'a', step: 'signup', occurredAt: T0 }),
  fact({ touchpointId: 'b', step, occurredAt: T0 + gap }),
];

/** A baseline of this p90 (its bucket's bound the p90 itself) and sample count everywhere. */
const flat =
  (p90Ms: number, samples: number, p90UpperMs = p90Ms): TransitionBaselineFn =>
  () => ({ p90Ms, p90UpperMs, samples });

/** The baseline the map's sketch gives for these durations. */
const sketched = (durations: number[]): TransitionBaselineFn => {
  const sketch = QuantileSketch.of(durations);
  return () => ({
    p90Ms: sketch.quantile(0.9)!,
    p90UpperMs: sketch.quantileUpperBound(0.9)!,
    samples: sketch.count,
  });
};

describe('slow_step', () => {
  it('given a wait of exactly the SLA, then it does not fire; 1 ms more, then it fires at the step', () => {
    expect(slow(pair('kyc', 2 * HOUR))).toEqual([]);
    const [found] = slow(pair('kyc', 2 * HOUR + 1));
    expect(found).toMatchObject({ touchpointId: 'b', step: 'kyc', touchpointIds: ['a', 'b'] });
    expect(found.detail).toEqual({
      type: 'slow_step',
      fromStep: 'signup',
      durationMs: 2 * HOUR + 1,
      exceeded: ['sla'],
      slaMs: 2 * HOUR,
      p90Ms: null,
      samples: null,
    });
  });

  it('given a step without an SLA and no baseline, then it never fires', () => {
    expect(slow(pair('profile', 300 * DAY))).toEqual([]);
  });

  it('given the first step of an instance, then it is never slow', () => {
    const baseline = flat(0, 1000);
    expect(slow([fact({ step: 'kyc', occurredAt: T0 })], baseline)).toEqual([]);
  });

  it('given a baseline with 50 samples, then a wait longer than its p90 fires; equal does not', () => {
    expect(slow(pair('profile', HOUR), flat(HOUR, 50))).toEqual([]);
    const [found] = slow(pair('profile', HOUR + 1), flat(HOUR, 50));
    expect(found.detail).toMatchObject({
      exceeded: ['p90'],
      slaMs: null,
      p90Ms: HOUR,
      samples: 50,
    });
  });

  it("given a p90 whose sketch bucket reaches past it, then only a wait beyond the bucket's bound fires", () => {
    const upper = HOUR + 36_000;
    expect(slow(pair('profile', HOUR + 1), flat(HOUR, 50, upper))).toEqual([]);
    expect(slow(pair('profile', upper), flat(HOUR, 50, upper))).toEqual([]);
    const [found] = slow(pair('profile', upper + 1), flat(HOUR, 50, upper));
    expect(found.detail).toMatchObject({ exceeded: ['p90'], p90Ms: HOUR });
  });

  it('given a transition that always takes the same time, when one more takes that time, then it is not slow (the sketch rounds its p90 down)', () => {
    const baseline = sketched(Array.from({ length: 100 }, () => HOUR));
    expect(baseline('signup', 'profile', { fromMs: 0, toMs: 1 })!.p90Ms).toBeLessThan(HOUR);
    expect(slow(pair('profile', HOUR), baseline)).toEqual([]);
    expect(slow(pair('profile', HOUR * 1.03), baseline)).toHaveLength(1);
  });

  it('given a baseline with 49 samples, then it is not trusted yet', () => {
    expect(slow(pair('profile', 10 * HOUR), flat(HOUR, 49))).toEqual([]);
  });

  it('given a journey needing 10 samples, then 10 are enough', () => {
    const facts = pair('profile', 10 * HOUR);
    expect(slow(facts, flat(HOUR, 10), { slowStepMinSamples: 10 })).toHaveLength(1);
    expect(slow(facts, flat(HOUR, 9), { slowStepMinSamples: 10 })).toEqual([]);
  });

  it('given a wait over both the SLA and the p90, then it is one occurrence naming both', () => {
    const found = slow(pair('kyc', 3 * HOUR), flat(HOUR, 80));
    expect(found).toHaveLength(1);
    expect(found[0].detail).toMatchObject({ exceeded: ['sla', 'p90'], slaMs: 2 * HOUR });
  });

  it('given a wait over the SLA but under the p90, then it fires for the SLA only', () => {
    const [found] = slow(pair('kyc', 3 * HOUR), flat(4 * HOUR, 80));
    expect(found.detail).toMatchObject({ exceeded: ['sla'], p90Ms: 4 * HOUR, samples: 80 });
  });

  it('given a baseline, then it is asked about the transition into the step over the trailing 30 days before it', () => {
    const calls: [string, string, BaselineWindow][] = [];
    const baseline: TransitionBaselineFn = (from, to, window) => {
      calls.push([from, to, window]);
      return undefined;
    };
    const facts = [...pair('kyc', HOUR), fact({ step: 'done', occurredAt: T0 + 3 * HOUR })];
    expect(slow(facts, baseline)).toEqual([]);
    expect(calls).toEqual([
      ['signup', 'kyc', { fromMs: T0 + HOUR - 30 * DAY, toMs: T0 + HOUR }],
      ['kyc', 'done', { fromMs: T0 + 3 * HOUR - 30 * DAY, toMs: T0 + 3 * HOUR }],
    ]);
  });

  it('given a journey with a 7-day baseline window, then the window asked for is 7 days', () => {
    const windows: BaselineWindow[] = [];
    slow(pair('kyc', HOUR), (_f, _t, w) => (windows.push(w), undefined), {
      slowStepBaselineWindowMs: 7 * DAY,
    });
    expect(windows).toEqual([{ fromMs: T0 + HOUR - 7 * DAY, toMs: T0 + HOUR }]);
  });

  it('given `from`, then only the steps from it are looked at, and they find what the whole instance finds there', () => {
    const facts = ['kyc', 'kyc', 'kyc', 'kyc'].map((step, i) =>
      fact({ touchpointId: `k${i}`, step, occurredAt: T0 + i * 3 * HOUR }),
    );
    const [instance] = segmentInstances(
      facts.map((f) => ({ ...f, journeyInstanceId: 'i1' })),
      rules,
      T0,
    );
    const asked: number[] = [];
    const baseline: TransitionBaselineFn = (_from, _to, w) => {
      asked.push(w.toMs);
      return { p90Ms: HOUR, p90UpperMs: HOUR, samples: 100 };
    };
    const context = { rules, thresholds: frictionThresholds(), baseline };
    const all = slowSteps(instance, context);
    expect(all.map((o) => o.touchpointId)).toEqual(['k1', 'k2', 'k3']);
    asked.length = 0;
    expect(slowSteps(instance, context, 2)).toEqual(all.slice(1));
    expect(asked).toEqual([T0 + 6 * HOUR, T0 + 9 * HOUR]);
  });
});
