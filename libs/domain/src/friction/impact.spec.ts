import { FrictionCounts, frictionImpact } from './impact';

const counts = (over: Partial<FrictionCounts>): FrictionCounts => ({
  customers: 10,
  instancesWith: 10,
  closedWith: 10,
  completedWith: 2,
  passed: 100,
  passedClosed: 100,
  passedCompleted: 82,
  ...over,
});

describe('frictionImpact', () => {
  it('given a friction whose instances complete less often, when scored, then rates and severity follow the formula', () => {
    // Without: 80 of 90 closed complete; with: 2 of 10.
    const impact = frictionImpact(counts({}));
    expect(impact.shareOfInstances).toBe(0.1);
    expect(impact.completionRateWith).toBeCloseTo(0.2);
    expect(impact.completionRateWithout).toBeCloseTo(80 / 90);
    expect(impact.severity).toBeCloseTo(10 * (0.1 + 0.9 * (80 / 90 - 0.2)), 2);
  });

  it('given a friction that does not lower completion, when scored, then it counts a tenth of its customers', () => {
    const impact = frictionImpact(counts({ completedWith: 9, passedCompleted: 90 }));
    expect(impact.severity).toBe(1);
  });

  it('given no closed instances on one side, when scored, then that rate is null and the impact term is 0', () => {
    const impact = frictionImpact(counts({ closedWith: 0, completedWith: 0 }));
    expect(impact.completionRateWith).toBeNull();
    expect(impact.severity).toBe(1);
    expect(
      frictionImpact(counts({ passed: 0, passedClosed: 10, passedCompleted: 2 }))
        .completionRateWithout,
    ).toBeNull();
  });

  it('given no instance passed the step (a date range cutting through), when scored, then the share is null', () => {
    expect(frictionImpact(counts({ passed: 0 })).shareOfInstances).toBeNull();
  });
});
