import { at, DAY, fact } from '../../test/facts';
import { shopRules } from '../../test/shop';
import { segmentInstances } from '../journeys/segmentation';
import { detectFrictions } from './detect-frictions';
import { frictionId } from './occurrence';
import { frictionThresholds } from './thresholds';
import { FrictionContext, FRICTION_TYPES } from './types';

const T0 = at('2026-03-01T09:00:00');
const MIN = 60_000;
const PINNED_ID = '402c0072-3f4c-5927-9d69-c78ca7fe7467';
const rules = shopRules({
  failureSteps: new Set(),
  stepSlaMs: new Map([['help', 10 * MIN]]),
});
const context: FrictionContext = {
  rules,
  thresholds: frictionThresholds(),
  feedback: [
    { feedbackId: 'fb1', kind: 'csat', score: 1, occurredAt: T0 + 35 * MIN, touchpointId: 't4' },
  ],
};

// One customer's struggle: a failed payment, retried; a call (backwards, to discover); a chat.
const facts = [
  fact({ touchpointId: 't1', step: 'view', occurredAt: T0 }),
  fact({ touchpointId: 't2', step: 'pay', outcome: 'failure', occurredAt: T0 + 10 * MIN }),
  fact({ touchpointId: 't3', step: 'pay', occurredAt: T0 + 20 * MIN }),
  fact({ touchpointId: 't4', step: 'view', channel: 'phone', occurredAt: T0 + 30 * MIN }),
  fact({ touchpointId: 't5', step: 'help', channel: 'chat', occurredAt: T0 + 50 * MIN }),
].map((f) => ({ ...f, customerId: 'c-7', journey: 'shop', journeyInstanceId: 'order-1' }));
const [instance] = segmentInstances(facts, rules, T0 + 50 * MIN + DAY + 1);

describe('detectFrictions', () => {
  it('given an instance with several frictions, then every one is found, in order of time, position and type', () => {
    expect(
      detectFrictions(instance, context).map((o) => [
        o.type,
        o.touchpointId,
        o.step,
        o.stage,
        o.channel,
        (o.occurredAt - T0) / MIN,
        o.touchpointIds.join(','),
      ]),
    ).toEqual([
      ['failure', 't2', 'pay', 'buy', 'web', 10, 't2'],
      ['repeat_attempt', 't3', 'pay', 'buy', 'web', 20, 't2,t3'],
      ['channel_hop', 't4', 'view', 'discover', 'phone', 30, 't3,t4'],
      ['backtrack', 't4', 'view', 'discover', 'phone', 30, 't3,t4'],
      ['negative_feedback', 't4', 'view', 'discover', 'phone', 35, 't4'],
      ['repeat_contact', 't5', 'help', null, 'chat', 50, 't4,t5'],
      ['slow_step', 't5', 'help', null, 'chat', 50, 't4,t5'],
      ['abandonment', 't5', 'help', null, 'chat', 50, 't5'],
    ]);
  });

  it('given the same inputs twice, then the occurrences are equal, ids included', () => {
    expect(detectFrictions(instance, context)).toEqual(detectFrictions(instance, context));
  });

  it('given an occurrence, then its id derives from customer, journey, instance, type and trigger', () => {
    for (const o of detectFrictions(instance, context)) {
      expect(o.id).toBe(frictionId(instance, o.type, o.triggerId));
      expect(o).toMatchObject({ customerId: 'c-7', journey: 'shop', instanceId: 'order-1' });
      expect(o.feedbackId).toBe(o.type === 'negative_feedback' ? 'fb1' : null);
      expect(o.triggerId).toBe(o.feedbackId ?? o.touchpointId);
    }
  });

  it('given an id, then it is a fixed name-based UUID that changes with each of its parts', () => {
    const key = { customerId: 'c-7', journey: 'shop', instanceId: 'order-1' };
    const id = frictionId(key, 'failure', 't2');
    // Pinned: stored occurrences are keyed by it, so the scheme must not drift.
    expect(id).toBe(PINNED_ID);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const variants = [
      frictionId({ ...key, customerId: 'c-8' }, 'failure', 't2'),
      frictionId({ ...key, journey: 'shop2' }, 'failure', 't2'),
      frictionId({ ...key, instanceId: 'order-2' }, 'failure', 't2'),
      frictionId(key, 'repeat_attempt', 't2'),
      frictionId(key, 'failure', 't3'),
      // Parts are length-prefixed, so moving a boundary makes another id.
      frictionId({ ...key, customerId: 'c-7|shop' }, 'failure', 't2'),
    ];
    expect(new Set([id, ...variants]).size).toBe(variants.length + 1);
  });

  it('given any instance, then no type fires twice at one trigger', () => {
    const found = detectFrictions(instance, context);
    const keys = found.map((o) => `${o.type}/${o.triggerId}`);
    expect(new Set(keys).size).toBe(found.length);
    expect(new Set(found.map((o) => o.type)).size).toBe(FRICTION_TYPES.length);
  });

  it('given two steps sharing a touchpoint id (two streams of one customer), then they fire once', () => {
    const twins = [
      fact({ touchpointId: 'dup', step: 'pay', outcome: 'failure', occurredAt: T0 }),
      fact({ touchpointId: 'dup', step: 'pay', outcome: 'failure', occurredAt: T0 + 1 }),
    ];
    const [twice] = segmentInstances(twins, rules, T0 + 1);
    const found = detectFrictions(twice, { ...context, feedback: [] });
    expect(found.map((o) => [o.type, o.occurredAt - T0])).toEqual([
      ['failure', 0],
      ['repeat_attempt', 1],
    ]);
  });

  it('given an instance without steps, then nothing is found', () => {
    expect(detectFrictions({ ...instance, steps: [], status: 'abandoned' }, context)).toEqual([]);
  });
});
