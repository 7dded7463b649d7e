import { Outcome } from '@journey/events';
import { at, fact, rules } from '../../test/facts';
import { segmentInstances } from '../journeys/segmentation';
import { detectFrictions } from './detect-frictions';
import { frictionThresholds } from './thresholds';

const T0 = at('2026-03-01T09:00:00');

describe('failure', () => {
  it('given touchpoints of every outcome, then exactly the failures fire, each at itself', () => {
    const outcomes: Outcome[] = ['success', 'failure', 'abandoned', 'pending', 'failure'];
    const facts = outcomes.map((outcome, i) =>
      fact({ touchpointId: `t${i + 1}`, step: `s${i + 1}`, outcome, occurredAt: T0 + i * 60_000 }),
    );
    const [instance] = segmentInstances(facts, rules(), T0);
    const found = detectFrictions(instance, { rules: rules(), thresholds: frictionThresholds() });
    expect(
      found.map((o) => [o.type, o.touchpointId, o.step, o.touchpointIds.join(','), o.detail]),
    ).toEqual([
      ['failure', 't2', 's2', 't2', { type: 'failure' }],
      ['failure', 't5', 's5', 't5', { type: 'failure' }],
    ]);
  });
});
