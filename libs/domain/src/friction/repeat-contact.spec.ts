import { Channel } from '@journey/events';
import { at, DAY, fact, rules } from '../../test/facts';
import { segmentInstances } from '../journeys/segmentation';
import { TouchpointFact } from '../journeys/types';
import { detectFrictions } from './detect-frictions';
import { frictionThresholds, FrictionThresholds } from './thresholds';

const T0 = at('2026-03-01T09:00:00');

function contacts(facts: TouchpointFact[], overrides: Partial<FrictionThresholds> = {}) {
  const explicit = facts.map((f) => ({ ...f, journeyInstanceId: 'i1' }));
  const [instance] = segmentInstances(explicit, rules(), T0);
  return detectFrictions(instance, { rules: rules(), thresholds: frictionThresholds(overrides) })
    .filter((o) => o.type === 'repeat_contact')
    .map((o) => [o.touchpointId, o.channel, o.touchpointIds.join(',')]);
}

/** Touchpoints a, b, c... on the given channels at the given ms after T0. */
const tps = (...spec: [Channel, number][]) =>
  spec.map(([channel, offset], i) =>
    fact({
      touchpointId: String.fromCharCode(97 + i),
      step: 'ask',
      channel,
      occurredAt: T0 + offset,
    }),
  );

describe('repeat_contact', () => {
  it('given two phone calls exactly 7 days apart, then the 2nd fires with both as evidence', () => {
    expect(contacts(tps(['phone', 0], ['phone', 7 * DAY]))).toEqual([['b', 'phone', 'a,b']]);
  });

  it('given two phone calls 7 days + 1 ms apart, then it does not fire', () => {
    expect(contacts(tps(['phone', 0], ['phone', 7 * DAY + 1]))).toEqual([]);
  });

  it('given one assisted touchpoint among digital and internal ones, then it does not fire', () => {
    expect(
      contacts(tps(['web', 0], ['phone', 1], ['email', 2], ['back_office', 3], ['other', 4])),
    ).toEqual([]);
  });

  it('given different assisted channels, then they count together', () => {
    expect(contacts(tps(['chat', 0], ['web', 1], ['store', 2]))).toEqual([['c', 'store', 'a,c']]);
    expect(contacts(tps(['mail', 0], ['partner', DAY]))).toEqual([['b', 'partner', 'a,b']]);
  });

  it('given three contacts within a week, then the 2nd and the 3rd fire (one per triggering touchpoint)', () => {
    expect(contacts(tps(['phone', 0], ['chat', DAY], ['phone', 2 * DAY]))).toEqual([
      ['b', 'chat', 'a,b'],
      ['c', 'phone', 'a,b,c'],
    ]);
  });

  it('given a journey that asks for 3 contacts, then two are not enough', () => {
    const facts = tps(['phone', 0], ['chat', DAY], ['phone', 8 * DAY]);
    expect(contacts(facts, { repeatContactCount: 3 })).toEqual([]);
    expect(contacts(facts, { repeatContactCount: 3, repeatContactWindowMs: 8 * DAY })).toEqual([
      ['c', 'phone', 'a,b,c'],
    ]);
  });
});
