import { at, fact, rules as makeRules } from '../../test/facts';
import { segmentInstances } from '../journeys/segmentation';
import { TouchpointFact } from '../journeys/types';
import { detectFrictions } from './detect-frictions';
import { frictionThresholds } from './thresholds';

const T0 = at('2026-03-01T09:00:00');
// Stages in definition order A, B, C; each step is named after its stage.
const rules = makeRules({
  stages: ['A', 'B', 'C'],
  stageOfStep: new Map([
    ['a', 'A'],
    ['b', 'B'],
    ['c', 'C'],
  ]),
});

function backtracks(facts: TouchpointFact[], journeyRules = rules) {
  const explicit = facts.map((f) => ({ ...f, journeyInstanceId: 'i1' }));
  const [instance] = segmentInstances(explicit, journeyRules, T0);
  return detectFrictions(instance, { rules: journeyRules, thresholds: frictionThresholds() })
    .filter((o) => o.type === 'backtrack')
    .map((o) => [o.touchpointId, o.stage, o.touchpointIds.join(','), o.detail]);
}

/** Touchpoints t1, t2... of these steps, a minute apart. */
const path = (...steps: string[]) =>
  steps.map((step, i) => fact({ touchpointId: `t${i + 1}`, step, occurredAt: T0 + i * 60_000 }));

describe('backtrack', () => {
  it('given stages A, C, B, then it fires at B, from C', () => {
    expect(backtracks(path('a', 'c', 'b'))).toEqual([
      ['t3', 'B', 't2,t3', { type: 'backtrack', fromStage: 'C', toStage: 'B' }],
    ]);
  });

  it('given stages only moving forward or staying, then it does not fire', () => {
    expect(backtracks(path('a', 'a', 'b', 'b', 'c', 'c'))).toEqual([]);
  });

  it('given A, C, B, B, then it fires once: staying in B is no new move back', () => {
    expect(backtracks(path('a', 'c', 'b', 'b')).map(([id]) => id)).toEqual(['t3']);
  });

  it('given A, B, A, B, A, then it fires at every move back', () => {
    expect(backtracks(path('a', 'b', 'a', 'b', 'a')).map(([id, , ev]) => [id, ev])).toEqual([
      ['t3', 't2,t3'],
      ['t5', 't4,t5'],
    ]);
  });

  it('given steps without a defined stage in between, then they are looked past', () => {
    expect(backtracks(path('c', 'x', 'b')).map(([id, , ev]) => [id, ev])).toEqual([
      ['t3', 't1,t3'],
    ]);
  });

  it("given a touchpoint's own stage, then it counts; one outside the definition is looked past", () => {
    const facts = [
      fact({ touchpointId: 't1', step: 'x', stage: 'C', occurredAt: T0 }),
      fact({ touchpointId: 't2', step: 'x', stage: 'elsewhere', occurredAt: T0 + 1 }),
      fact({ touchpointId: 't3', step: 'c', stage: 'A', occurredAt: T0 + 2 }),
    ];
    expect(backtracks(facts).map(([id, stage, ev]) => [id, stage, ev])).toEqual([
      ['t3', 'A', 't1,t3'],
    ]);
  });

  it('given a journey without stages, then it never fires', () => {
    const facts = [
      fact({ step: 'x', stage: 'C', occurredAt: T0 }),
      fact({ step: 'x', stage: 'A', occurredAt: T0 + 1 }),
    ];
    expect(backtracks(facts, makeRules())).toEqual([]);
  });
});
