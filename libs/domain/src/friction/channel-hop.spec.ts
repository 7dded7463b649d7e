import { Channel } from '@journey/events';
import { at, fact, HOUR, rules as makeRules } from '../../test/facts';
import { segmentInstances } from '../journeys/segmentation';
import { TouchpointFact } from '../journeys/types';
import { detectFrictions } from './detect-frictions';
import { frictionThresholds, FrictionThresholds } from './thresholds';

const T0 = at('2026-03-01T09:00:00');
const rules = makeRules({ goalSteps: new Set(['buy']) });

function hops(facts: TouchpointFact[], overrides: Partial<FrictionThresholds> = {}) {
  // An explicit instance: goal steps do not end it, so steps after a goal can be tested too.
  const explicit = facts.map((f) => ({ ...f, journeyInstanceId: 'i1' }));
  const [instance] = segmentInstances(explicit, rules, T0);
  return detectFrictions(instance, { rules, thresholds: frictionThresholds(overrides) })
    .filter((o) => o.type === 'channel_hop')
    .map((o) => [o.touchpointId, o.touchpointIds.join(','), o.detail]);
}

/** Touchpoints a, b, c... of [channel, ms after T0, step = 'look']. */
const tps = (...spec: [Channel, number, string?][]) =>
  spec.map(([channel, offset, step], i) =>
    fact({
      touchpointId: String.fromCharCode(97 + i),
      step: step ?? 'look',
      channel,
      occurredAt: T0 + offset,
    }),
  );

const DIGITAL: Channel[] = ['web', 'mobile_app', 'email', 'sms', 'social', 'kiosk'];
const ASSISTED: Channel[] = ['phone', 'chat', 'store', 'mail', 'partner'];

describe('channel_hop', () => {
  it('given web then phone exactly 24 h later, then it fires at the phone call, with both as evidence', () => {
    expect(hops(tps(['web', 0], ['phone', 24 * HOUR]))).toEqual([
      [
        'b',
        'a,b',
        { type: 'channel_hop', fromChannel: 'web', toChannel: 'phone', gapMs: 24 * HOUR },
      ],
    ]);
  });

  it('given web then phone 24 h + 1 ms later, then it does not fire', () => {
    expect(hops(tps(['web', 0], ['phone', 24 * HOUR + 1]))).toEqual([]);
  });

  it.each(DIGITAL.flatMap((d) => ASSISTED.map((a) => [d, a])))(
    'given %s then %s, then it fires',
    (digital, assisted) => {
      expect(hops(tps([digital, 0], [assisted, HOUR]))).toHaveLength(1);
    },
  );

  it('given digital to digital, assisted to digital or assisted to assisted, then it does not fire', () => {
    expect(hops(tps(['web', 0], ['email', 1], ['mobile_app', 2]))).toEqual([]);
    expect(hops(tps(['phone', 0], ['web', 1]))).toEqual([]);
    expect(hops(tps(['phone', 0], ['chat', 1], ['store', 2]))).toEqual([]);
  });

  it('given back_office or other touchpoints between web and phone, then they are looked past', () => {
    expect(hops(tps(['web', 0], ['back_office', 1], ['other', 2], ['phone', 3]))).toEqual([
      ['d', 'a,d', expect.objectContaining({ gapMs: 3 })],
    ]);
    expect(hops(tps(['back_office', 0], ['phone', 1]))).toEqual([]);
  });

  it('given several digital steps before, then the window runs from the latest of them', () => {
    expect(hops(tps(['web', 0], ['email', 2 * HOUR], ['phone', 26 * HOUR]))).toEqual([
      ['c', 'b,c', expect.objectContaining({ fromChannel: 'email', gapMs: 24 * HOUR })],
    ]);
  });

  it('given web, phone, chat, then it hops once; given web, phone, web, chat, then twice', () => {
    expect(hops(tps(['web', 0], ['phone', 1], ['chat', 2])).map(([id]) => id)).toEqual(['b']);
    expect(
      hops(tps(['web', 0], ['phone', 1], ['web', 2], ['chat', 3])).map(([id, ev]) => [id, ev]),
    ).toEqual([
      ['b', 'a,b'],
      ['d', 'c,d'],
    ]);
  });

  it('given a goal step at the digital touchpoint, then the later phone call is no hop', () => {
    expect(hops(tps(['web', 0, 'buy'], ['phone', HOUR]))).toEqual([]);
  });

  it('given a goal step between the digital and the assisted touchpoint, on any channel, then it blocks the hop', () => {
    expect(hops(tps(['web', 0], ['back_office', 1, 'buy'], ['phone', 2]))).toEqual([]);
    expect(hops(tps(['web', 0], ['web', 1, 'buy'], ['phone', 2]))).toEqual([]);
  });

  it('given the assisted touchpoint is itself the goal, then it is a hop (finished with a person)', () => {
    expect(hops(tps(['web', 0], ['store', HOUR, 'buy'])).map(([id]) => id)).toEqual(['b']);
  });

  it('given a goal, then a new digital attempt, then phone, then it hops again', () => {
    expect(hops(tps(['web', 0, 'buy'], ['web', 1], ['phone', 2])).map(([id]) => id)).toEqual(['c']);
  });

  it('given a journey with a 1 h hop window, then it applies', () => {
    const facts = tps(['web', 0], ['phone', HOUR + 1]);
    expect(hops(facts, { channelHopWindowMs: HOUR })).toEqual([]);
    expect(hops(facts, { channelHopWindowMs: HOUR + 1 })).toHaveLength(1);
  });
});
