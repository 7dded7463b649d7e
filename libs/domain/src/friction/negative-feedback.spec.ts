import { FeedbackKind } from '@journey/events';
import { at, fact, HOUR, rules } from '../../test/facts';
import { segmentInstances } from '../journeys/segmentation';
import { detectFrictions } from './detect-frictions';
import { frictionId } from './occurrence';
import { frictionThresholds, FrictionThresholds } from './thresholds';
import { InstanceFeedback } from './types';

const T0 = at('2026-03-01T09:00:00');
const [instance] = segmentInstances(
  [
    fact({ touchpointId: 'a', step: 'signup', occurredAt: T0 }),
    fact({ touchpointId: 'b', step: 'kyc', channel: 'phone', occurredAt: T0 + HOUR }),
    fact({ touchpointId: 'c', step: 'deposit', channel: 'mobile_app', occurredAt: T0 + 2 * HOUR }),
  ],
  rules(),
  T0,
);

function negative(feedback: InstanceFeedback[], overrides: Partial<FrictionThresholds> = {}) {
  return detectFrictions(instance, {
    rules: rules(),
    thresholds: frictionThresholds(overrides),
    feedback,
  }).filter((o) => o.type === 'negative_feedback');
}

const rating = (kind: FeedbackKind, score: number, more: Partial<InstanceFeedback> = {}) => ({
  feedbackId: 'f1',
  kind,
  score,
  occurredAt: T0 + 3 * HOUR,
  touchpointId: 'b',
  ...more,
});

describe('negative_feedback', () => {
  it.each<[FeedbackKind, number, boolean]>([
    ['csat', 1, true],
    ['csat', 2, true],
    ['csat', 3, false],
    ['csat', 5, false],
    ['nps', 0, true],
    ['nps', 6, true],
    ['nps', 7, false],
    ['nps', 10, false],
    ['ces', 1, false],
    ['ces', 4, false],
    ['ces', 5, true],
    ['ces', 7, true],
  ])('given %s %d, then negative is %p', (kind, score, fires) => {
    expect(negative([rating(kind, score)])).toHaveLength(fires ? 1 : 0);
  });

  it('given a journey with its own limits, then they apply', () => {
    const limits = { csatMax: 3, npsMax: 4, cesMin: 6 };
    expect(negative([rating('csat', 3)], limits)).toHaveLength(1);
    expect(negative([rating('nps', 5)], limits)).toHaveLength(0);
    expect(negative([rating('ces', 5)], limits)).toHaveLength(0);
  });

  it("given feedback on a touchpoint, then it fires there, at the feedback's time, with the feedback as trigger and evidence", () => {
    const [found] = negative([rating('csat', 1, { feedbackId: 'fb-9' })]);
    expect(found).toMatchObject({
      id: frictionId(instance, 'negative_feedback', 'fb-9'),
      triggerId: 'fb-9',
      feedbackId: 'fb-9',
      touchpointId: 'b',
      step: 'kyc',
      channel: 'phone',
      occurredAt: T0 + 3 * HOUR,
      touchpointIds: ['b'],
      detail: { type: 'negative_feedback', kind: 'csat', score: 1 },
    });
  });

  it('given feedback without a touchpoint (or with one outside the instance), then it goes to the latest touchpoint at or before it', () => {
    const at = (occurredAt: number, touchpointId: string | null | undefined) =>
      negative([rating('nps', 0, { occurredAt, touchpointId })])[0].touchpointId;
    expect(at(T0 + HOUR, null)).toBe('b');
    expect(at(T0 + HOUR - 1, undefined)).toBe('a');
    expect(at(T0 + 5 * HOUR, 'elsewhere')).toBe('c');
    expect(at(T0 - 1, null)).toBe('a');
  });

  it('given two bad ratings of one touchpoint, then two occurrences; the same feedback twice, then one', () => {
    const two = negative([rating('csat', 1), rating('ces', 6, { feedbackId: 'f2' })]);
    expect(two.map((o) => [o.triggerId, o.touchpointId])).toEqual([
      ['f1', 'b'],
      ['f2', 'b'],
    ]);
    expect(negative([rating('csat', 1), rating('csat', 1)])).toHaveLength(1);
  });

  it('given the same feedback id twice with different content, then the same one wins in any order', () => {
    const x = rating('csat', 1, { occurredAt: T0 + 3 * HOUR });
    const y = rating('csat', 2, { occurredAt: T0 + 4 * HOUR });
    expect(negative([x, y])).toEqual(negative([y, x]));
    expect(negative([x, y])).toHaveLength(1);
  });

  it('given no feedback, then nothing fires', () => {
    expect(negative([])).toEqual([]);
  });
});
