import { Outcome } from '@journey/events';
import { at, fact, HOUR, rules } from '../../test/facts';
import { segmentInstances } from '../journeys/segmentation';
import { TouchpointFact } from '../journeys/types';
import { detectFrictions } from './detect-frictions';
import { frictionThresholds, FrictionThresholds } from './thresholds';

const T0 = at('2026-03-01T09:00:00');
const MIN = 60_000;

/** One explicit instance of these facts: its repeat_attempt occurrences, compactly. */
function repeats(facts: TouchpointFact[], overrides: Partial<FrictionThresholds> = {}) {
  const explicit = facts.map((f) => ({ ...f, journeyInstanceId: 'i1' }));
  const [instance] = segmentInstances(explicit, rules(), T0);
  return detectFrictions(instance, { rules: rules(), thresholds: frictionThresholds(overrides) })
    .filter((o) => o.type === 'repeat_attempt')
    .map((o) => ({
      at: o.touchpointId,
      evidence: o.touchpointIds.join(','),
      reasons: o.detail.type === 'repeat_attempt' ? o.detail.reasons.join('+') : '?',
    }));
}

/** Touchpoints a, b, c... of the given steps at the given minutes after T0. */
const tps = (...spec: [string, number, Outcome?][]) =>
  spec.map(([step, minute, outcome], i) =>
    fact({
      touchpointId: String.fromCharCode(97 + i),
      step,
      occurredAt: T0 + minute * MIN,
      outcome: outcome ?? 'success',
    }),
  );

describe('repeat_attempt', () => {
  it('given the same step 3 times, the 3rd exactly 1 h after the 1st, then it fires at the 3rd', () => {
    expect(repeats(tps(['pay', 0], ['pay', 30], ['pay', 60]))).toEqual([
      { at: 'c', evidence: 'a,b,c', reasons: 'window' },
    ]);
  });

  it('given the 3rd 1 h + 1 ms after the 1st, then it does not fire', () => {
    const facts = tps(['pay', 0], ['pay', 30], ['pay', 60]);
    const late = { ...facts[2], occurredAt: T0 + HOUR + 1 };
    expect(repeats([facts[0], facts[1], late])).toEqual([]);
  });

  it('given the same step only twice within the hour, then it does not fire', () => {
    expect(repeats(tps(['pay', 0], ['pay', 1]))).toEqual([]);
  });

  it('given 4 attempts within the hour, then it fires once per triggering touchpoint: at the 3rd and the 4th', () => {
    expect(repeats(tps(['pay', 0], ['pay', 10], ['pay', 20], ['pay', 30]))).toEqual([
      { at: 'c', evidence: 'a,b,c', reasons: 'window' },
      { at: 'd', evidence: 'a,b,c,d', reasons: 'window' },
    ]);
  });

  it('given attempts every 30 minutes, then the window slides: each from the 3rd on fires with the ones of its hour', () => {
    expect(repeats(tps(['pay', 0], ['pay', 30], ['pay', 60], ['pay', 90], ['pay', 121]))).toEqual([
      { at: 'c', evidence: 'a,b,c', reasons: 'window' },
      { at: 'd', evidence: 'b,c,d', reasons: 'window' },
    ]);
  });

  it('given other steps in between, then only the same step counts', () => {
    expect(repeats(tps(['pay', 0], ['help', 1], ['pay', 2], ['help', 3], ['pay', 4]))).toEqual([
      { at: 'e', evidence: 'a,c,e', reasons: 'window' },
    ]);
    expect(repeats(tps(['pay', 0], ['help', 1], ['view', 2]))).toEqual([]);
  });

  it('given a step repeated after a failure outcome, then the retry fires, however late', () => {
    expect(repeats(tps(['pay', 0, 'failure'], ['view', 1], ['pay', 600]))).toEqual([
      { at: 'c', evidence: 'a,c', reasons: 'after_failure' },
    ]);
  });

  it('given a failure, a success, and another attempt, then only the retry right after the failure fires', () => {
    expect(repeats(tps(['pay', 0, 'failure'], ['pay', 120], ['pay', 240]))).toEqual([
      { at: 'b', evidence: 'a,b', reasons: 'after_failure' },
    ]);
  });

  it('given a failure of another step, or an abandoned or pending outcome, then a repeat is no retry', () => {
    expect(repeats(tps(['view', 0, 'failure'], ['pay', 120], ['pay', 240]))).toEqual([]);
    expect(repeats(tps(['pay', 0, 'abandoned'], ['pay', 120], ['pay', 240, 'pending']))).toEqual(
      [],
    );
  });

  it('given a 3rd attempt within the hour that also follows a failure, then it is one occurrence with both reasons', () => {
    expect(repeats(tps(['pay', 0], ['pay', 10, 'failure'], ['pay', 20]))).toEqual([
      { at: 'c', evidence: 'a,b,c', reasons: 'window+after_failure' },
    ]);
    // The failed one and the retry are the evidence even when the window reaches further back.
    expect(repeats(tps(['pay', 0, 'failure'], ['view', 5], ['pay', 10], ['pay', 20]))).toEqual([
      { at: 'c', evidence: 'a,c', reasons: 'after_failure' },
      { at: 'd', evidence: 'a,c,d', reasons: 'window' },
    ]);
  });

  it('given a journey that lowers the count to 2 and the window to 10 minutes, then those apply', () => {
    const facts = tps(['pay', 0], ['pay', 10], ['pay', 20, 'failure'], ['pay', 31]);
    const thresholds = { repeatAttemptCount: 2, repeatAttemptWindowMs: 10 * MIN };
    expect(repeats(facts, thresholds)).toEqual([
      { at: 'b', evidence: 'a,b', reasons: 'window' },
      { at: 'c', evidence: 'b,c', reasons: 'window' },
      { at: 'd', evidence: 'c,d', reasons: 'after_failure' },
    ]);
  });
});
