import { at, DAY, fact, rules as makeRules } from '../../test/facts';
import { segmentInstances } from '../journeys/segmentation';
import { TouchpointFact } from '../journeys/types';
import { detectFrictions } from './detect-frictions';
import { frictionThresholds } from './thresholds';

const T0 = at('2026-03-01T09:00:00');
const rules = makeRules({ goalSteps: new Set(['buy']), abandonAfterMs: DAY });

function abandonments(facts: TouchpointFact[], watermark: number) {
  const [instance] = segmentInstances(facts, rules, watermark);
  return detectFrictions(instance, { rules, thresholds: frictionThresholds() })
    .filter((o) => o.type === 'abandonment')
    .map((o) => [o.touchpointId, o.step, o.channel, o.occurredAt, o.touchpointIds.join(',')]);
}

const facts = () => [
  fact({ touchpointId: 'a', step: 'view', occurredAt: T0 }),
  fact({ touchpointId: 'b', step: 'cart', channel: 'mobile_app', occurredAt: T0 + 1000 }),
];

describe('abandonment', () => {
  it('given no activity for more than abandonAfter, then it fires once at the last touchpoint, at its time', () => {
    expect(abandonments(facts(), T0 + 1000 + DAY + 1)).toEqual([
      ['b', 'cart', 'mobile_app', T0 + 1000, 'b'],
    ]);
  });

  it('given exactly abandonAfter of silence (still active), then it does not fire', () => {
    expect(abandonments(facts(), T0 + 1000 + DAY)).toEqual([]);
  });

  it('given a completed instance, however old, then it does not fire', () => {
    const done = [...facts(), fact({ step: 'buy', occurredAt: T0 + 2000 })];
    expect(abandonments(done, T0 + 100 * DAY)).toEqual([]);
  });
});
