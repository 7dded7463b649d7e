import fc from 'fast-check';
import { at, DAY, fact, rules as makeRules } from '../../test/facts';
import { segmentInstances } from '../journeys/segmentation';
import { TouchpointFact } from '../journeys/types';
import { detectFrictions } from './detect-frictions';
import { detectFrictionsFrom } from './detect-tail';
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

// A(2) names a touchpoint of the stage ranked second: here step b (stage B); B(1) and C(1) step a.
describe('backtrack between simultaneous steps', () => {
  const staged = (touchpointId: string, step: string, occurredAt: number) =>
    fact({ touchpointId, step, occurredAt });
  const T1 = T0 + 60_000;

  it('given A(2)@t0 then B(1)@t0, when detected, then none: their order is arbitrary', () => {
    expect(backtracks([staged('t1', 'b', T0), staged('t2', 'a', T0)])).toEqual([]);
  });

  it('given A(2)@t0, B(1)@t0, C(1)@t1, when detected, then one at C from stage 2', () => {
    const facts = [staged('t1', 'b', T0), staged('t2', 'a', T0), staged('t3', 'a', T1)];
    expect(backtracks(facts)).toEqual([
      ['t3', 'A', 't1,t3', { type: 'backtrack', fromStage: 'B', toStage: 'A' }],
    ]);
  });

  it('given B(1)@t0, A(2)@t0, C(1)@t1, when detected, then the same one at C from stage 2', () => {
    const facts = [staged('t1', 'a', T0), staged('t2', 'b', T0), staged('t3', 'a', T1)];
    expect(backtracks(facts)).toEqual([
      ['t3', 'A', 't2,t3', { type: 'backtrack', fromStage: 'B', toStage: 'A' }],
    ]);
  });

  it('given C@t0 then B and A both @t1, when detected, then each moves back from C, in either order', () => {
    const forward = [staged('t1', 'c', T0), staged('t2', 'b', T1), staged('t3', 'a', T1)];
    const reverse = [staged('t1', 'c', T0), staged('t3', 'a', T1), staged('t2', 'b', T1)];
    const ids = (facts: TouchpointFact[]) =>
      backtracks(facts)
        .map(([id, , ev]) => `${id}:${ev}`)
        .sort();
    expect(ids(forward)).toEqual(['t2:t1,t2', 't3:t1,t3']);
    expect(ids(reverse)).toEqual(ids(forward));
  });
});

describe('backtrack at new steps only', () => {
  it('given instants with many simultaneous staged steps, then the tail detection at every split equals the full one', () => {
    const step = fc.record({
      step: fc.constantFrom('a', 'b', 'c', 'x'),
      second: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (specs) => {
        // Given steps at few distinct instants (ties everywhere) further apart than any time
        // window of the rules (so only the backtrack lookback brings earlier steps in view)
        const facts = [...specs]
          .sort((p, q) => p.second - q.second)
          .map((p, i) =>
            fact({
              touchpointId: `t${i}`,
              step: p.step,
              occurredAt: T0 + p.second * 10 * DAY,
              journeyInstanceId: 'i1',
            }),
          );
        const [instance] = segmentInstances(facts, rules, T0);
        const context = { rules, thresholds: frictionThresholds() };
        const full = detectFrictions(instance, context).filter((o) => o.type === 'backtrack');
        // When detected from each split on, as an in-order extension would
        for (let from = 0; from < instance.steps.length; from++) {
          const tail = detectFrictionsFrom(instance, from, context).filter(
            (o) => o.type === 'backtrack',
          );
          // Then it finds exactly the full detection's occurrences at those steps
          const fresh = new Set(instance.steps.slice(from).map((s) => s.touchpointId));
          expect(tail).toEqual(full.filter((o) => fresh.has(o.touchpointId)));
        }
      }),
      { numRuns: 300 },
    );
  });
});
