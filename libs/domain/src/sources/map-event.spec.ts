import { SourceMappingRule } from '@journey/events';
import { channelOf, mapEvent, MappableEvent, SourceMapping } from './map-event';

const rule = (r: Partial<SourceMappingRule>): SourceMappingRule => ({
  match: { kind: null, name: null },
  journey: null,
  journeyFrom: null,
  step: null,
  stepFrom: null,
  stage: null,
  outcome: null,
  channel: null,
  ...r,
});

const event = (e: Partial<MappableEvent> = {}): MappableEvent => ({
  kind: 'track',
  name: 'Checkout Started',
  properties: {},
  channelHint: null,
  ...e,
});

const mapping = (
  rules: SourceMappingRule[],
  defaultChannel: SourceMapping['defaultChannel'] = null,
) => ({
  rules,
  defaultChannel,
});

describe('mapEvent', () => {
  const checkout = rule({
    match: { kind: 'track', name: 'Checkout Started' },
    journey: 'purchase',
    step: 'checkout',
    stage: 'buy',
    outcome: 'pending',
  });

  it('given a rule on the exact name, when the event has it, then it becomes that step', () => {
    expect(mapEvent(mapping([checkout]), event())).toEqual({
      rule: 0,
      journey: 'purchase',
      step: 'checkout',
      stage: 'buy',
      outcome: 'pending',
      channel: 'other',
    });
  });

  it('given a rule on a name, when the case or the kind differs, then nothing matches', () => {
    expect(mapEvent(mapping([checkout]), event({ name: 'checkout started' }))).toBeNull();
    expect(mapEvent(mapping([checkout]), event({ kind: 'page' }))).toBeNull();
  });

  it('given two matching rules, when mapped, then the first wins', () => {
    const any = rule({ match: { kind: 'track', name: null }, journey: 'other', step: 'x' });
    expect(mapEvent(mapping([checkout, any]), event())?.journey).toBe('purchase');
    expect(mapEvent(mapping([any, checkout]), event())?.journey).toBe('other');
  });

  it('given journeyFrom and stepFrom, when the properties carry them, then they are read', () => {
    const byProps = rule({
      match: { kind: 'track', name: null },
      journeyFrom: 'properties.journey',
      stepFrom: 'properties.flow.step',
    });
    const e = event({ properties: { journey: 'onboarding', flow: { step: 'verify' } } });
    expect(mapEvent(mapping([byProps]), e)).toMatchObject({
      journey: 'onboarding',
      step: 'verify',
    });
  });

  it('given journeyFrom, when the property is missing, then the next rule is tried', () => {
    const byProps = rule({
      match: { kind: 'track', name: null },
      journeyFrom: 'properties.journey',
      stepFrom: 'properties.step',
    });
    const fallback = rule({ match: { kind: 'track', name: null }, journey: 'misc', step: 'seen' });
    expect(mapEvent(mapping([byProps]), event({ properties: { step: 'a' } }))).toBeNull();
    expect(mapEvent(mapping([byProps, fallback]), event())?.journey).toBe('misc');
  });

  it('given a property path through a non-object or an inherited key, then it reads nothing', () => {
    const byProps = rule({
      match: { kind: 'track', name: null },
      journeyFrom: 'properties.a.b',
      stepFrom: 'properties.toString',
    });
    expect(mapEvent(mapping([byProps]), event({ properties: { a: 'flat' } }))).toBeNull();
    expect(mapEvent(mapping([byProps]), event({ properties: { a: { b: 'j' } } }))).toBeNull();
  });
});

describe('channelOf', () => {
  it('prefers the rule, then the hint, then the mapping default, then other', () => {
    expect(channelOf({ defaultChannel: 'email' }, 'phone', 'browser')).toBe('phone');
    expect(channelOf({ defaultChannel: 'email' }, null, 'browser')).toBe('web');
    expect(channelOf({ defaultChannel: 'email' }, null, 'server')).toBe('email');
    expect(channelOf({ defaultChannel: null }, null, null)).toBe('other');
  });

  it.each([
    ['browser', 'web'],
    ['mobile', 'mobile_app'],
    ['analytics.js', 'web'],
    ['analytics-ios', 'mobile_app'],
    ['analytics-android', 'mobile_app'],
    ['@segment/analytics-next', 'web'],
    ['sms', 'sms'],
    ['server', 'other'],
    ['@segment/analytics-node', 'other'],
    ['analytics-node', 'other'],
    ['Web', 'web'],
  ])('maps the hint %s to %s', (hint, channel) => {
    expect(channelOf({ defaultChannel: null }, null, hint)).toBe(channel);
  });
});
